import CoordStorage
import FoundationEssentials

extension FindingDetector {
    /// Urgent messages unread longer than `policy.urgentAfter` whose recipient is a worker that is
    /// blocked or stale: the sender is waiting on someone who is not reading.
    func urgentUnreadMessages(_ snapshot: BoardSnapshot) -> [Finding] {
        var found: [Finding] = []
        for inbox in snapshot.inboxes {
            guard let worker = snapshot.workers.first(where: { $0.agent == inbox.agent }) else { continue }
            let state: String
            if worker.status == .blocked {
                state = "blocked"
            } else if isStale(worker, at: snapshot.now) {
                state = "stale"
            } else {
                continue
            }
            for message in inbox.urgentUnread where snapshot.now.timeIntervalSince(message.at) > policy.urgentAfter {
                let about = message.subject.map { Escaping.escape($0) } ?? Decisions.shortened(Escaping.escape(message.text), to: 80)
                found.append(Finding(
                    kind: .urgentUnread, key: FindingKey.make(.urgentUnread, [inbox.agent, message.id]),
                    summary: "urgent \(message.id) from \(message.from) to \(inbox.agent) (\(worker.domain), \(state)) "
                        + "is unread since \(when(message.at, snapshot.now)): \(about)",
                    subjects: [worker.domain, inbox.agent, message.id], since: message.at))
            }
        }
        return found
    }
}

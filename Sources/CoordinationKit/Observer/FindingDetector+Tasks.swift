import CoordStorage
import FoundationEssentials

extension FindingDetector {
    /// The task queue's problems: claims whose lease ran out without a release,
    /// overdue tasks, blocked tasks whose named blocker is done, and tasks that
    /// wait on a cancelled dependency (nobody can ever start them).
    func taskProblems(_ snapshot: BoardSnapshot) -> [Finding] {
        guard let queue = snapshot.tasks else { return [] }
        let now = snapshot.now
        var found: [Finding] = []
        for task in queue.all {
            let title = Decisions.shortened(task.title, to: 80)
            if task.stage == .open, let claim = task.claim, claim.state(at: now, grace: queue.grace) == .lapsed {
                found.append(Finding(
                    kind: .expiredClaim, key: FindingKey.make(.expiredClaim, [task.id, String(claim.token)]),
                    summary: "\(task.id) (\(title)): \(claim.holder)'s claim, token \(claim.token), "
                        + (claim.holderProcessEnded ? "is free without a release or done: \(HolderProcess.endedReason)"
                                                    : "ran out at \(when(claim.expires, now)) without a release or done"),
                    subjects: [task.id, claim.holder], since: min(claim.expires, now)))
            }
            if queue.isOverdue(task, at: now), let due = task.due {
                let holder = queue.liveClaim(of: task, at: now).map(\.holder)
                found.append(Finding(
                    kind: .overdueTask, key: FindingKey.make(.overdueTask, [task.id]),
                    summary: "\(task.id) (\(title)) was due at \(when(due, now)) and is \(queue.status(of: task, at: now).rawValue)"
                        + (holder.map { ", held by \($0)" } ?? ""),
                    subjects: [task.id] + (holder.map { [$0] } ?? []), since: due))
            }
            if task.stage == .blocked, let reason = task.reason {
                let named = Self.taskIDs(in: reason).filter { $0 != task.id && queue.tasks[$0] != nil }
                if !named.isEmpty, named.allSatisfy({ queue.stage(of: $0) == .done }) {
                    let finished = named.compactMap { queue.tasks[$0]?.closed }.max()
                    found.append(Finding(
                        kind: .finishedBlocker, key: FindingKey.make(.finishedBlocker, [task.id] + named),
                        summary: "\(task.id) (\(title)) is blocked on \(named.joined(separator: ", ")), which "
                            + (named.count == 1 ? "is" : "are") + " done; unblock it with 'coord task unblock \(task.id)'",
                        subjects: [task.id] + named, since: finished))
                }
            }
            if task.stage == .open || task.stage == .blocked {
                let cancelled = task.after.filter { queue.stage(of: $0) == .cancelled }
                if !cancelled.isEmpty {
                    let since = cancelled.compactMap { queue.tasks[$0]?.closed }.max()
                    found.append(Finding(
                        kind: .cancelledDependency, key: FindingKey.make(.cancelledDependency, [task.id] + cancelled),
                        summary: "\(task.id) (\(title)) waits on \(cancelled.joined(separator: ", ")), cancelled, so nobody "
                            + "can start it; unlink it ('coord task unlink \(task.id) --after \(cancelled.joined(separator: ","))') or cancel it",
                        subjects: [task.id] + cancelled, since: since))
                }
            }
        }
        return found
    }

    /// Task ids named in free text: `T-` and digits, normalised (`t-7` → `T-007`).
    static func taskIDs(in text: String) -> [String] {
        var ids: [String] = []
        let characters = Array(text)
        var index = 0
        while index + 2 < characters.count {
            let starts = (characters[index] == "T" || characters[index] == "t") && characters[index + 1] == "-"
                && (index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber))
            if starts {
                var end = index + 2
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                if end > index + 2, let id = try? TaskID.parse(String(characters[index + 2 ..< end])), !ids.contains(id) {
                    ids.append(id)
                }
                index = end
            } else {
                index += 1
            }
        }
        return ids
    }
}

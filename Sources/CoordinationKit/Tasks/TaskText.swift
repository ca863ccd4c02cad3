import CoordStorage
import FoundationEssentials

/// How tasks read as text: one line per task in lists, a block for `task show`.
public enum TaskText {
    /// `T-003  ready     P1  write the parser  (after T-001; due 17:00)`.
    public static func line(_ task: TaskView, zone: BoardTimeZone, now: Date) -> String {
        line(id: task.id, status: task.status, priority: task.priority, title: task.title,
             claim: task.claim.map { "\($0.holder), token \($0.token), until \(clock($0.expires, zone, now))" }, after: task.after,
             due: task.due.map { clock($0, zone, now) }, overdue: task.overdue, domain: task.domain, reason: task.reason)
    }

    /// The same line straight from the queue, without building the JSON view.
    public static func line(_ task: WorkTask, in queue: TaskQueue, zone: BoardTimeZone, now: Date) -> String {
        line(id: task.id, status: queue.status(of: task, at: now).rawValue, priority: task.priority, title: task.title,
             claim: queue.liveClaim(of: task, at: now).map {
                 "\($0.holder), token \($0.token), until \(LockText.clock($0.expires, zone: zone, now: now))"
             },
             after: task.after, due: task.due.map { LockText.clock($0, zone: zone, now: now) }, overdue: queue.isOverdue(task, at: now),
             domain: task.domain, reason: task.reason)
    }

    private static func line(id: String, status: String, priority: Int, title: String, claim: String?, after: [String],
                             due: String?, overdue: Bool, domain: String?, reason: String?) -> String {
        var notes: [String] = []
        if let claim { notes.append(claim) }
        if !after.isEmpty && status == "waiting" { notes.append("after " + after.joined(separator: ", ")) }
        if let due { notes.append((overdue ? "OVERDUE since " : "due ") + due) }
        if let domain { notes.append(domain) }
        if let reason { notes.append(reason) }
        let padded = status + String(repeating: " ", count: max(0, 9 - status.count))
        return "\(id)  \(padded) P\(priority)  \(title)" + (notes.isEmpty ? "" : "  (" + notes.joined(separator: "; ") + ")")
    }

    public static func full(_ document: TaskDocument, zone: BoardTimeZone, now: Date) -> String {
        let task = document.task
        var lines = ["\(task.id): \(task.title)", "  status:   \(task.status)", "  priority: P\(task.priority)"]
        if let claim = task.claim {
            lines.append("  claimed:  by \(claim.holder), token \(claim.token), until \(clock(claim.expires, zone, now))"
                         + (claim.locked ? ", paths locked" : ""))
        }
        if !task.after.isEmpty { lines.append("  after:    " + task.after.joined(separator: ", ")) }
        if let due = task.due { lines.append("  due:      " + clock(due, zone, now) + (task.overdue ? " (overdue)" : "")) }
        if !task.paths.isEmpty { lines.append("  paths:    " + task.paths.joined(separator: " ")) }
        if let domain = task.domain { lines.append("  domain:   " + domain) }
        if !task.tags.isEmpty { lines.append("  tags:     " + task.tags.joined(separator: ", ")) }
        if let reason = task.reason { lines.append("  reason:   " + reason) }
        if let note = task.note { lines.append("  note:     " + note) }
        if let body = task.body { lines += ["", body] }
        lines += ["", "History:"]
        for event in document.history {
            var detail: [String] = []
            if let token = event.token { detail.append("token \(token)") }
            if let expires = event.expires { detail.append("until " + LockText.clock(expires, zone: zone, now: event.at)) }
            if let after = event.after, event.event != .add { detail.append(after.joined(separator: ", ")) }
            if let note = event.note { detail.append(note) }
            if let reason = event.reason { detail.append(reason) }
            lines.append("  \(LockText.clock(event.at, zone: zone, now: now, seconds: true))  \(event.actor)  \(event.event)"
                         + (detail.isEmpty ? "" : " (" + detail.joined(separator: "; ") + ")"))
        }
        return lines.joined(separator: "\n")
    }

    private static func clock(_ text: String, _ zone: BoardTimeZone, _ now: Date) -> String {
        Timestamp.parse(text, in: .utc).map { LockText.clock($0, zone: zone, now: now) } ?? text
    }
}

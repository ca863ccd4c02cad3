import CoordStorage
import FoundationEssentials

/// The task queue at a glance, for `coord status` and worker records: how
/// many tasks are ready, who holds which, and which are overdue.
public struct TaskSummary: Codable, Sendable, Equatable {
    public var ready: Int
    /// Claimed task ids by claimant, in id order.
    public var claimed: [String: [String]]
    /// Open or blocked tasks past their due time, in id order.
    public var overdue: [String]
    public var blocked: Int

    public init(_ queue: TaskQueue, at now: Date) {
        var ready = 0
        var blocked = 0
        var claimed: [String: [String]] = [:]
        var overdue: [String] = []
        for task in queue.all {
            switch queue.status(of: task, at: now) {
            case .ready: ready += 1
            case .blocked: blocked += 1
            case .claimed: if let claim = queue.liveClaim(of: task, at: now) { claimed[claim.holder, default: []].append(task.id) }
            default: break
            }
            if queue.isOverdue(task, at: now) { overdue.append(task.id) }
        }
        self.ready = ready
        self.claimed = claimed
        self.overdue = overdue
        self.blocked = blocked
    }

    /// The summary of the board's queue, or nil when the board has no tasks.
    public static func read(_ workspace: Workspace, at now: Date) throws -> TaskSummary? {
        let queue = try TaskQueueLoader(board: workspace.board, grace: LockSettings.standard.grace).load(.open, until: now).queue
        return queue.isEmpty ? nil : TaskSummary(queue, at: now)
    }

    /// `Tasks: 3 ready, 1 blocked; claimed: bob T-003, T-004; overdue: T-002 (coord tasks)`.
    public var line: String {
        var parts = ["\(ready) ready" + (blocked > 0 ? ", \(blocked) blocked" : "")]
        if !claimed.isEmpty {
            parts.append("claimed: " + claimed.keys.sorted().map { "\($0) " + claimed[$0]!.joined(separator: ", ") }
                .joined(separator: "; "))
        }
        if !overdue.isEmpty { parts.append("overdue: " + overdue.joined(separator: ", ")) }
        return parts.joined(separator: "; ") + " (coord tasks)"
    }
}

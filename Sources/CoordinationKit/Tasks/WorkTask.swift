import CoordStorage
import FoundationEssentials

/// One task of the queue: the fold of its records.
public struct WorkTask: Sendable, Equatable {
    /// What the journal says of a task; `ready`, `waiting` and `claimed` are read from `open` at an instant.
    public enum Stage: String, Sendable, Codable, CaseIterable {
        case open, done, blocked, cancelled
    }

    public var id: String
    /// The number in the id (`T-007` → 7), for ordering.
    public var number: Int
    public var title: String
    public var body: String?
    /// 0 (most urgent) to 3.
    public var priority: Int
    public var due: Date?
    public var paths: [String]
    public var domain: String?
    public var tags: [String]
    /// The tasks that must be done first, in the order they were named.
    public var after: [String]
    public var created: Date
    public var createdBy: String
    public var stage: Stage = .open
    public var claim: TaskClaim?
    /// Why it is blocked or was cancelled.
    public var reason: String?
    /// What the claimant said when finishing.
    public var note: String?
    /// When it was finished or cancelled.
    public var closed: Date?
    public var closedBy: String?
}

/// A lease on a task: who works on it, under which fencing token, until when.
public struct TaskClaim: Sendable, Equatable {
    public var holder: String
    public var token: Int64
    public var since: Date
    public var expires: Date
    public var ttl: Int64
    /// True when the claim locked the task's paths under `token`.
    public var locked: Bool
    /// The process the claim is bound to, if any (see `HolderProcess`).
    public var process: HolderProcess? = nil

    /// Live or in grace: the task is taken. Lapsed: it is free again.
    /// A claim bound to a process that ended on this host is lapsed whatever its expiry.
    public func state(at now: Date, grace: Int64) -> LockGrant.State {
        if let process, process.hasEnded { return .lapsed }
        if now < expires { return .live }
        if now < expires.addingTimeInterval(Double(grace)) { return .grace }
        return .lapsed
    }
}

/// Where a task stands at an instant, as `coord tasks` shows it.
public enum TaskStatus: String, Sendable, Codable, CaseIterable {
    /// Open, every dependency done, and nobody holds it.
    case ready
    /// Open, but a dependency is not done yet.
    case waiting
    /// Open and held by a live claim.
    case claimed
    case done, blocked, cancelled
}

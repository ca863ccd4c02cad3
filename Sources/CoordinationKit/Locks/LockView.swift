import CoordStorage
import FoundationEssentials

/// A lock in JSON: the one shape `lock`, `locks`, `check`, `renew`, `unlock`,
/// `run` and `status` all print. The seed's LOCKS.json fields (`path`,
/// `holder`, `since`, `intent`) plus `expires`, `token` and where it stands.
///
///     {"expires":"2026-11-21T17:04:00.000Z","holder":"alice","intent":"token refresh",
///      "path":"src/auth","remaining_seconds":7200,"since":"2026-11-21T15:04:00.000Z",
///      "state":"live","token":17,"ttl_seconds":7200}
public struct LockView: Codable, Sendable, Equatable {
    public var path: String
    public var holder: String
    public var since: String
    public var intent: String
    public var expires: String
    public var token: Int64
    /// live, grace, released, broken, expired, or ended (bound to a process that ended on
    /// this host: free, `reason` "holder process ended").
    public var state: String
    /// Seconds until `expires` (negative in the grace period); only for held locks.
    public var remainingSeconds: Int64?
    public var ttlSeconds: Int64
    public var renewed: String?
    public var ended: String?
    public var endedBy: String?
    public var reason: String?

    enum CodingKeys: String, CodingKey {
        case path, holder, since, intent, expires, token, state, renewed, ended, reason
        case remainingSeconds = "remaining_seconds"
        case ttlSeconds = "ttl_seconds"
        case endedBy = "ended_by"
    }

    /// A grant as it stands at `now`.
    public init(_ grant: LockGrant, now: Date, grace: Int64) {
        path = grant.path.description
        holder = grant.holder
        since = JSONView.instant(grant.since)
        intent = grant.intent
        expires = JSONView.instant(grant.expires)
        token = grant.token
        let state = grant.state(at: now, grace: grace)
        self.state = state == .lapsed ? (grant.holderProcessEnded ? "ended" : "expired") : state.rawValue
        if grant.holderProcessEnded { reason = HolderProcess.endedReason }
        remainingSeconds = state == .lapsed ? nil : Int64(grant.expires.timeIntervalSince(now).rounded(.up))
        ttlSeconds = grant.ttl
        renewed = grant.renewed.map(JSONView.instant)
    }

    /// A grant from the history, with how it ended.
    public init(_ entry: Locks.HistoryEntry, now: Date, grace: Int64) {
        self.init(entry.grant, now: now, grace: grace)
        switch entry.ending {
        case .held: break
        case .released(let at):
            (state, remainingSeconds, ended) = ("released", nil, JSONView.instant(at))
        case .broken(let at, let by, let reason):
            (state, remainingSeconds, ended) = ("broken", nil, JSONView.instant(at))
            (endedBy, self.reason) = (by, reason)
        case .expired(let at):
            (state, remainingSeconds, ended) = (entry.grant.holderProcessEnded ? "ended" : "expired", nil, JSONView.instant(at))
        }
    }
}

/// A requested path and the lock in its way, flat: `requested` plus the lock's fields.
public struct ConflictView: Encodable, Sendable, Equatable {
    public var requested: String
    public var lock: LockView

    enum CodingKeys: String, CodingKey { case requested }

    public init(_ conflict: LockConflict, now: Date, grace: Int64) {
        requested = conflict.requested.description
        lock = LockView(conflict.held, now: now, grace: grace)
    }

    public func encode(to encoder: any Encoder) throws {
        try lock.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requested, forKey: .requested)
    }
}

/// `coord locks --json`: `{"locks":[…],"now":…,"version":2}`.
public struct LocksDocument: Encodable, Sendable {
    public var now: String
    public var locks: [LockView]

    public init(now: Date, locks: [LockView]) {
        self.now = JSONView.instant(now)
        self.locks = locks
    }
}

/// `lock`, `renew`, `check` and `run` with `--json`.
public struct LockResultDocument: Encodable, Sendable {
    public var ok: Bool
    public var now: String
    /// What the caller holds on the paths afterwards.
    public var locks: [LockView]
    /// Locks by others in the way; empty when `ok`.
    public var conflicts: [ConflictView]

    public init(ok: Bool, now: Date, locks: [LockView], conflicts: [ConflictView]) {
        self.ok = ok
        self.now = JSONView.instant(now)
        self.locks = locks
        self.conflicts = conflicts
    }
}

/// `unlock --json`.
public struct UnlockDocument: Encodable, Sendable {
    public var now: String
    public var released: [LockView]
    public var broken: [LockView]

    public init(now: Date, released: [LockView], broken: [LockView]) {
        self.now = JSONView.instant(now)
        self.released = released
        self.broken = broken
    }
}

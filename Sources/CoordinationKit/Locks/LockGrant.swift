import CoordStorage
import FoundationEssentials

/// The numbers that govern lock lifetimes. See docs/locks.md.
public struct LockSettings: Sendable, Equatable {
    /// A lock's time to live when `--ttl` is not given: long enough for a unit of
    /// agent work, short enough that a crashed agent's lock frees itself by the next session.
    public var defaultTTL: Int64 = 2 * 3600
    /// The longest `--ttl`: a lock is a lease, not an ownership claim.
    public var maximumTTL: Int64 = 7 * 86_400
    /// After `expires`, a lock still blocks others for this long, so that clock
    /// drift between writers and a renewal in flight never hand a path to two holders.
    public var grace: Int64 = 30
    /// Compact `locks.jsonl` when it holds more than this many bytes of history
    /// (records no current lock needs), about ten records. Every line costs a
    /// JSON decode on every lock command (10-30 us here), while a compaction is
    /// two small writes and a rename, so compacting often is cheapest.
    public var compactionBytes: Int64 = 2 * 1024

    public init(defaultTTL: Int64 = 2 * 3600, maximumTTL: Int64 = 7 * 86_400, grace: Int64 = 30,
                compactionBytes: Int64 = 2 * 1024) {
        self.defaultTTL = defaultTTL
        self.maximumTTL = maximumTTL
        self.grace = grace
        self.compactionBytes = compactionBytes
    }

    public static let standard = LockSettings()

    /// `ttl` checked against the limits, or the default when nil.
    public func validTTL(_ ttl: Int64?) throws -> Int64 {
        guard let ttl else { return defaultTTL }
        guard ttl >= 1, ttl <= maximumTTL else {
            throw CoordError.invalidInput(
                "A lock's time to live must be between 1s and \(DurationText.format(seconds: maximumTTL)), not \(DurationText.format(seconds: ttl)); pass a value such as --ttl 45m and renew while working.")
        }
        return ttl
    }
}

/// A path held by someone: the fold of its acquire record and any renewals.
public struct LockGrant: Sendable, Equatable {
    public var path: LockPath
    public var holder: String
    /// The fencing token: larger than every token granted before on this board.
    public var token: Int64
    public var since: Date
    public var expires: Date
    public var ttl: Int64
    public var intent: String
    /// When the holder last renewed, if ever.
    public var renewed: Date?
    /// The process the grant is bound to, if any (see `HolderProcess`).
    public var process: HolderProcess?
    /// The records that make up the grant (what compaction keeps).
    var acquireID: String
    var renewID: String?

    public init(path: LockPath, holder: String, token: Int64, since: Date, expires: Date, ttl: Int64, intent: String,
                renewed: Date? = nil) {
        self.init(path: path, holder: holder, token: token, since: since, expires: expires, ttl: ttl, intent: intent,
                  renewed: renewed, acquireID: "", renewID: nil)
    }

    init(path: LockPath, holder: String, token: Int64, since: Date, expires: Date, ttl: Int64, intent: String,
         renewed: Date?, acquireID: String, renewID: String?) {
        self.path = path
        self.holder = holder
        self.token = token
        self.since = since
        self.expires = expires
        self.ttl = ttl
        self.intent = intent
        self.renewed = renewed
        self.acquireID = acquireID
        self.renewID = renewID
    }

    /// Where a grant stands at a given instant.
    public enum State: String, Sendable, Codable {
        /// Before `expires`.
        case live
        /// Past `expires` but inside the grace period: still blocks others; the holder may renew.
        case grace
        /// Past `expires` plus grace: blocks nobody, and the holder must lock again.
        case lapsed
    }

    /// Before its expiry.
    public func isLive(at now: Date) -> Bool { now < expires }

    /// A grant bound to a process that ended on this host is lapsed whatever its expiry.
    public func state(at now: Date, grace: Int64) -> State {
        if let process, process.hasEnded { return .lapsed }
        if now < expires { return .live }
        if now < freeAt(grace: grace) { return .grace }
        return .lapsed
    }

    /// The instant from which the path is free for others.
    public func freeAt(grace: Int64) -> Date { expires.addingTimeInterval(Double(grace)) }
}

/// A requested path that someone else holds.
public struct LockConflict: Sendable, Equatable {
    public var requested: LockPath
    public var held: LockGrant
    public var state: LockGrant.State
}

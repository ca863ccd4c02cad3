import CoordStorage
import FoundationEssentials

/// The current locks: the fold of the journal's records, front to back.
///
/// The fold is total and deterministic: records it cannot apply (a renewal of
/// a token that is gone, a repeated `id`) change nothing. A board kept in git
/// can merge two clones' journals; if that leaves two overlapping grants by
/// different holders alive at once, the lower token wins (the earlier line on
/// a tie) and the other grant is listed in `contested`.
public struct LockTable: Sendable, JournalFold {
    /// The latest grant of each exact path, including lapsed ones nobody closed yet.
    public var grants: [LockPath: LockGrant] {
        var grants: [LockPath: LockGrant] = [:]
        grants.reserveCapacity(byKey.count)
        for grant in byKey.values { grants[grant.path] = grant }
        return grants
    }
    /// `grants` keyed by `LockPath.key`: the lock commands' own lookups never
    /// hash a `LockPath` (see `LockOverlapIndex`).
    private var byKey: [String: LockGrant] = [:]
    /// The highest token any record mentions (a checkpoint keeps it across compaction).
    public private(set) var highWater: Int64 = 0
    /// Ids of acquire records that lost to an overlapping grant (only after a merge).
    public private(set) var contested: [String] = []
    public let grace: Int64
    /// The upper bound of the fold: records written after it are not applied.
    public let asOf: Date?
    /// How many records were written after `asOf` (and not applied).
    public private(set) var later = 0
    private var seen: Set<String> = []
    private var overlaps = LockOverlapIndex()

    /// No locks yet; with `now`, records written after it will be left out (see `init(_:grace:asOf:)`).
    public init(grace: Int64, asOf now: Date? = nil) {
        self.grace = grace
        asOf = now
    }

    /// The fold of `events`. With `now`, records written after `now` are left
    /// out (their tokens still count towards `highWater`): the locks as they
    /// stood at that moment, for views of a past instant (`COORD_NOW`) and for
    /// the decisions of a command run at it.
    public init(_ events: some Sequence<LockEvent>, grace: Int64, asOf now: Date? = nil) {
        self.init(grace: grace, asOf: now)
        for event in events { fold(event) }
    }

    /// Applies a record unless it was written after `asOf` (`JournalFold`).
    public mutating func apply(_ record: Stored<LockEvent>) { fold(record.value) }

    private mutating func fold(_ event: LockEvent) {
        if let asOf, event.at > asOf {
            highWater = max(highWater, event.token)
            later += 1
            return
        }
        apply(event)
    }

    /// A table restored from `LockStateCache`: the same state as the fold that left it.
    init(restoring grants: [LockGrant], highWater: Int64, contested: [String], recordIDs: Set<String>, grace: Int64) {
        self.init(grace: grace)
        for grant in grants { store(grant) }
        self.highWater = highWater
        self.contested = contested
        self.seen = recordIDs
    }

    /// The id of every record folded in (a repeated one changes nothing).
    var recordIDs: Set<String> { seen }

    /// Every grant of `grants`, in no particular order.
    public var allGrants: Dictionary<String, LockGrant>.Values { byKey.values }

    /// How many paths `grants` holds.
    public var grantCount: Int { byKey.count }

    /// The latest grant of exactly `path` (`grants[path]`), lapsed or not.
    public func grant(on path: LockPath) -> LockGrant? { byKey[path.key] }

    /// True when the record was new (not a repeated `id`).
    @discardableResult
    public mutating func apply(_ event: LockEvent) -> Bool {
        guard seen.insert(event.id).inserted else { return false }
        highWater = max(highWater, event.token)
        guard let path = event.path else { return true }
        switch event.event {
        case .acquire:
            guard let holder = event.holder, let expires = event.expires else { return true }
            var grant = LockGrant(path: path, holder: holder, token: event.token, since: event.at, expires: expires,
                                  ttl: event.ttl ?? Int64(expires.timeIntervalSince(event.at)), intent: event.intent ?? "",
                                  renewed: nil, acquireID: event.id, renewID: nil)
            grant.process = event.process
            let rivals = overlaps.overlapping(path, in: byKey).filter {
                $0.holder != holder && event.at < $0.freeAt(grace: grace)
            }
            if rivals.contains(where: { $0.token <= event.token }) {
                contested.append(event.id)
                return true
            }
            for rival in rivals {
                remove(rival.path)
                contested.append(rival.acquireID)
            }
            store(grant)
        case .renew:
            let key = path.key
            guard var grant = byKey[key], grant.token == event.token, let expires = event.expires else { return true }
            grant.expires = expires
            grant.ttl = event.ttl ?? grant.ttl
            if let intent = event.intent { grant.intent = intent }
            grant.renewed = event.at
            grant.renewID = event.id
            byKey[key] = grant
        case .release, .break, .expire:
            if byKey[path.key]?.token == event.token { remove(path) }
        default:
            break
        }
        return true
    }

    /// Raises `highWater` to `floor` (a token handed out before, recorded
    /// outside the journal), so that the next grant is above it.
    public mutating func raiseHighWater(to floor: Int64) {
        highWater = max(highWater, floor)
    }

    private mutating func store(_ grant: LockGrant) {
        let key = grant.path.key
        if byKey.updateValue(grant, forKey: key) == nil { overlaps.insert(grant.path, key: key) }
    }

    private mutating func remove(_ path: LockPath) {
        let key = path.key
        if byKey.removeValue(forKey: key) != nil { overlaps.remove(path, key: key) }
    }

    /// Grants that block others at `now` (live or in grace), by path.
    public func blocking(at now: Date) -> [LockGrant] {
        Self.blocking(among: byKey.values, at: now, grace: grace)
    }

    /// `blocking(at:)` over a list of grants (each path once).
    static func blocking(among grants: some Sequence<LockGrant>, at now: Date, grace: Int64) -> [LockGrant] {
        grants.filter { $0.state(at: now, grace: grace) != .lapsed }.sorted { $0.path < $1.path }
    }

    /// Grants past expiry plus grace that no record closed yet.
    public func lapsed(at now: Date) -> [LockGrant] {
        byKey.values.filter { $0.state(at: now, grace: grace) == .lapsed }.sorted { $0.path < $1.path }
    }

    /// Grants by others that overlap `path` and block at `now`.
    public func conflicts(with path: LockPath, for holder: String, at now: Date) -> [LockConflict] {
        Self.conflicts(among: overlaps.overlapping(path, in: byKey), with: path, for: holder, at: now, grace: grace)
    }

    /// `conflicts(with:for:at:)` given the grants that overlap `path`.
    static func conflicts(among overlapping: [LockGrant], with path: LockPath, for holder: String, at now: Date,
                          grace: Int64) -> [LockConflict] {
        overlapping.compactMap { grant in
            guard grant.holder != holder else { return nil }
            let state = grant.state(at: now, grace: grace)
            return state == .lapsed ? nil : LockConflict(requested: path, held: grant, state: state)
        }.sorted { $0.held.path < $1.held.path }
    }

    /// The caller's own grant of exactly `path`, if it still counts (live or grace).
    public func held(_ path: LockPath, by holder: String, at now: Date) -> LockGrant? {
        guard let grant = byKey[path.key], grant.holder == holder, grant.state(at: now, grace: grace) != .lapsed else {
            return nil
        }
        return grant
    }

    /// The ids of the records that make up the grants still blocking at `now`.
    func recordIDsToKeep(at now: Date) -> Set<String> {
        var ids: Set<String> = []
        // Unsorted: `blocking(at:)` sorts by path, which a set does not need.
        // By time alone: a grant whose bound process ended is kept until the next
        // taker of its path closes it ("holder process ended"), and weighing the
        // journal on every write then looks up no process.
        for grant in byKey.values where now < grant.freeAt(grace: grace) {
            ids.insert(grant.acquireID)
            if let renewID = grant.renewID { ids.insert(renewID) }
        }
        return ids
    }
}

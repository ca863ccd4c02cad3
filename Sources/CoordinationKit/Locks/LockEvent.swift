import CoordStorage
import FoundationEssentials

/// One line of `.coordination/locks.jsonl`.
///
///     {"at":"2026-11-21T14:02:00.000Z","event":"acquire","expires":"2026-11-21T16:02:00.000Z","holder":"alice",
///      "id":"5f0c9a1e7b3d2c84","intent":"token refresh","path":"src/auth","token":17,"ttl":7200,"v":1}
///
/// Every record has an `id` (see `RecordID`; so a merge of two clones can be detected
/// and duplicates dropped), the instant it was written (`at`, absolute UTC)
/// and the fencing `token` of the grant it is about. See docs/locks.md.
public struct LockEvent: Sendable, Equatable, JournalRecord {
    public static let fileName = "locks.jsonl"
    /// The record format this coord reads and writes (`"v"`).
    public static let formatVersion = 1

    /// What happened. Unknown kinds (from a newer coord) are kept and ignored by the fold.
    public struct Kind: OpenRecordKind {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A grant: a new token for `path`, held by `holder` until `expires`.
        public static let acquire = Kind(rawValue: "acquire")
        /// The holder moved `expires` (same token).
        public static let renew = Kind(rawValue: "renew")
        /// The holder let go.
        public static let release = Kind(rawValue: "release")
        /// Someone else (`by`) ended the grant, giving a `reason`; `holder` is the displaced holder.
        public static let `break` = Kind(rawValue: "break")
        /// The grant lapsed (written when the next writer or compaction notices).
        public static let expire = Kind(rawValue: "expire")
        /// Written first by compaction: `token` is the highest token ever granted.
        public static let checkpoint = Kind(rawValue: "checkpoint")
        /// A lock attempt by `by` was refused because `holder` holds `path` (`token`).
        /// The fold ignores it (as coord 0.1 ignores any kind it does not know);
        /// the observer reads it as contention. Compaction archives it.
        public static let refuse = Kind(rawValue: "refuse")
    }

    public var id: String
    public var event: Kind
    public var at: Date
    public var token: Int64
    public var path: LockPath?
    public var holder: String?
    public var expires: Date?
    /// The grant's time to live in seconds (acquire, renew): what a renewal extends by.
    public var ttl: Int64?
    public var intent: String?
    /// Who broke the lock (break).
    public var by: String?
    public var reason: String?
    /// Where compaction moved the older records (checkpoint).
    public var archive: String?
    /// How many records compaction moved (checkpoint).
    public var archived: Int?
    /// The format the record was read in (`"v"`, 1 when absent); always written as `formatVersion`.
    public var version: Int = LockEvent.formatVersion
    /// The `--key` of the `coord lock` that wrote this grant or renewal (see `IdempotencyKey`).
    public var key: String?
    /// The process the grant is bound to (acquire; `host`, `pid`, `started` on disk): when it
    /// ends on this host, the grant is abandoned at once (see `HolderProcess`).
    public var process: HolderProcess?
    public var decodedVersion: Int? { version }

    public init(id: String = "", event: Kind, at: Date, token: Int64, path: LockPath? = nil,
                holder: String? = nil, expires: Date? = nil, ttl: Int64? = nil, intent: String? = nil,
                by: String? = nil, reason: String? = nil, archive: String? = nil, archived: Int? = nil) {
        self.id = id
        self.event = event
        self.at = at
        self.token = token
        self.path = path
        self.holder = holder
        self.expires = expires
        self.ttl = ttl
        self.intent = intent
        self.by = by
        self.reason = reason
        self.archive = archive
        self.archived = archived
    }

    /// The record's id (see `RecordID`): derived from where it lands and what it says.
    static func derivedID(_ event: LockEvent, position: Int64, index: Int) throws -> String {
        // What `RecordID.derive(…, record:, clearing:)` computes, written out for
        // the lock commands' hot path.
        var unidentified = event
        unidentified.id = ""
        return RecordID.derive(journal: Self.fileName, offset: position, index: index,
                               content: try BoardJSON.line(unidentified))
    }
}

extension LockEvent: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, event, at, token, path, holder, expires, ttl, intent, by, reason, archive, archived, key
        case host, pid, started
        case version = "v"
    }

    public static let reservedFieldNames = Set(CodingKeys.allCases.map(\.stringValue))

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        event = Kind(rawValue: try c.decode(String.self, forKey: .event))
        at = try c.decodeInstant(forKey: .at)
        token = try c.decode(Int64.self, forKey: .token)
        path = try c.decodeIfPresent(String.self, forKey: .path).map { try LockPath($0) }
        holder = try c.decodeIfPresent(String.self, forKey: .holder)
        expires = try c.contains(.expires) ? c.decodeInstant(forKey: .expires) : nil
        ttl = try c.decodeIfPresent(Int64.self, forKey: .ttl)
        intent = try c.decodeIfPresent(String.self, forKey: .intent)
        by = try c.decodeIfPresent(String.self, forKey: .by)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        archive = try c.decodeIfPresent(String.self, forKey: .archive)
        archived = try c.decodeIfPresent(Int.self, forKey: .archived)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        process = try c.decodeHolderProcess(host: .host, pid: .pid, started: .started)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(event.rawValue, forKey: .event)
        try c.encode(Timestamp.utc(at), forKey: .at)
        try c.encode(token, forKey: .token)
        try c.encodeIfPresent(path?.description, forKey: .path)
        try c.encodeIfPresent(holder, forKey: .holder)
        try c.encodeIfPresent(expires.map(Timestamp.utc), forKey: .expires)
        try c.encodeIfPresent(ttl, forKey: .ttl)
        try c.encodeIfPresent(intent, forKey: .intent)
        try c.encodeIfPresent(by, forKey: .by)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(archive, forKey: .archive)
        try c.encodeIfPresent(archived, forKey: .archived)
        try c.encodeIfPresent(key, forKey: .key)
        try c.encodeHolderProcess(process, host: .host, pid: .pid, started: .started)
        try c.encode(Self.formatVersion, forKey: .version)
    }
}

import CoordStorage
import FoundationEssentials

/// One line of `.coordination/tasks.jsonl`.
///
///     {"at":"2026-11-21T09:00:00.000Z","actor":"alice","after":["T-001"],"event":"add","id":"5f0c9a1e7b3d2c84",
///      "priority":1,"task":"T-002","title":"write the parser","v":1}
///
/// Every record names the task it is about (`task`), who wrote it (`actor`)
/// and when (`at`, absolute UTC). A claim carries the fencing `token`, taken
/// from the same sequence as lock tokens, and the lease's `expires`. See docs/format.md.
public struct TaskEvent: Sendable, Equatable, JournalRecord {
    public static let fileName = "tasks.jsonl"
    /// The record format this coord reads and writes (`"v"`).
    public static let formatVersion = 1
    /// A lost `claim` or `done` would hand one task to two agents, and a script
    /// must never mistake a damaged queue for an empty one: a line nobody can
    /// read refuses the journal; only a torn tail is skipped.
    public static let damagePolicy = JournalDamagePolicy.strictWithTornTail

    public static func damaged(path: String, line: Int) -> CoordError {
        CoordError.damagedTaskJournal(path: path, line: line)
    }

    /// What happened. Unknown kinds (from a newer coord) are kept and ignored by the fold.
    public struct Kind: OpenRecordKind {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A new task with its title, fields and first dependencies (`after`).
        public static let add = Kind(rawValue: "add")
        /// Dependencies added (`after`).
        public static let link = Kind(rawValue: "link")
        /// Dependencies removed (`after`).
        public static let unlink = Kind(rawValue: "unlink")
        /// A lease: `actor` holds the task under `token` until `expires` (plus grace).
        public static let claim = Kind(rawValue: "claim")
        /// The claimant moved `expires` (same token).
        public static let renew = Kind(rawValue: "renew")
        /// The claimant let go; the task is open again.
        public static let release = Kind(rawValue: "release")
        /// The claimant finished (`note`); dependents may start.
        public static let done = Kind(rawValue: "done")
        /// Nobody can go on until something outside the queue changes (`reason`).
        public static let block = Kind(rawValue: "block")
        /// The block is lifted; the task is open again.
        public static let unblock = Kind(rawValue: "unblock")
        /// The task will not be done (`reason`).
        public static let cancel = Kind(rawValue: "cancel")
    }

    public var id: String
    public var event: Kind
    public var at: Date
    /// The task's id, `T-001`.
    public var task: String
    public var actor: String
    public var title: String?
    public var body: String?
    /// Dependencies (add, link) or removed dependencies (unlink).
    public var after: [String]?
    /// 0 (most urgent) to 3.
    public var priority: Int?
    public var due: Date?
    public var paths: [String]?
    public var domain: String?
    public var tags: [String]?
    /// The fencing token of the claim the record is about (claim, renew, release, done).
    public var token: Int64?
    public var expires: Date?
    public var ttl: Int64?
    /// True when the claim also locked the task's paths under the same token.
    public var locked: Bool?
    public var note: String?
    public var reason: String?
    /// The `--key` of the command that wrote the record (see `IdempotencyKey`).
    public var key: String?
    /// The process the claim is bound to (claim; `host`, `pid`, `started` on disk): when it
    /// ends on this host, the claim is abandoned at once (see `HolderProcess`).
    public var process: HolderProcess?
    /// The format the record was read in (`"v"`, 1 when absent); always written as `formatVersion`.
    public var version: Int = TaskEvent.formatVersion
    public var decodedVersion: Int? { version }

    public init(id: String = "", event: Kind, at: Date, task: String, actor: String) {
        self.id = id
        self.event = event
        self.at = at
        self.task = task
        self.actor = actor
    }

    /// The record's id (see `RecordID`): derived from where it lands and what it says.
    static func derivedID(_ event: TaskEvent, position: Int64, index: Int) throws -> String {
        try RecordID.derive(journal: Self.fileName, offset: position, index: index, record: event,
                            clearing: { $0.id = "" })
    }
}

extension TaskEvent: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, event, at, task, actor, title, body, after, priority, due, paths, domain, tags, token, expires, ttl
        case locked, note, reason, key
        case host, pid, started
        case version = "v"
    }

    public static let reservedFieldNames = Set(CodingKeys.allCases.map(\.stringValue))

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        event = Kind(rawValue: try c.decode(String.self, forKey: .event))
        at = try c.decodeInstant(forKey: .at)
        task = try c.decode(String.self, forKey: .task)
        actor = try c.decode(String.self, forKey: .actor)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        after = try c.decodeIfPresent([String].self, forKey: .after)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        due = try c.contains(.due) ? c.decodeInstant(forKey: .due) : nil
        paths = try c.decodeIfPresent([String].self, forKey: .paths)
        domain = try c.decodeIfPresent(String.self, forKey: .domain)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        token = try c.decodeIfPresent(Int64.self, forKey: .token)
        expires = try c.contains(.expires) ? c.decodeInstant(forKey: .expires) : nil
        ttl = try c.decodeIfPresent(Int64.self, forKey: .ttl)
        locked = try c.decodeIfPresent(Bool.self, forKey: .locked)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        key = try c.decodeIfPresent(String.self, forKey: .key)
        process = try c.decodeHolderProcess(host: .host, pid: .pid, started: .started)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(event.rawValue, forKey: .event)
        try c.encode(Timestamp.utc(at), forKey: .at)
        try c.encode(task, forKey: .task)
        try c.encode(actor, forKey: .actor)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encodeIfPresent(body, forKey: .body)
        try c.encodeIfPresent(after, forKey: .after)
        try c.encodeIfPresent(priority, forKey: .priority)
        try c.encodeIfPresent(due.map(Timestamp.utc), forKey: .due)
        try c.encodeIfPresent(paths, forKey: .paths)
        try c.encodeIfPresent(domain, forKey: .domain)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(token, forKey: .token)
        try c.encodeIfPresent(expires.map(Timestamp.utc), forKey: .expires)
        try c.encodeIfPresent(ttl, forKey: .ttl)
        try c.encodeIfPresent(locked, forKey: .locked)
        try c.encodeIfPresent(note, forKey: .note)
        try c.encodeIfPresent(key, forKey: .key)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeHolderProcess(process, host: .host, pid: .pid, started: .started)
        try c.encode(Self.formatVersion, forKey: .version)
    }
}

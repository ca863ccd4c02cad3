import CoordStorage
import FoundationEssentials

/// A lock brought in by `coord import` from a seed-format `LOCKS.json`.
///
///     {"expires":"2026-02-06T17:10:00.000Z","holder":"gastown-mayor","intent":"v2 cognitive architecture refactoring",
///      "path":"~/gt/mcp_memory/","since":"2026-02-06T15:10:00.000Z","source":"import","v":1}
///
/// Times are absolute UTC instants. Fields of the hand-made record that this
/// type does not name are kept beside it (`Stored.extra`), and those whose
/// names it uses itself (a hand-written `source`, say) under `imported_fields`.
public struct ImportedLock: Codable, Sendable, Equatable, JournalRecord {
    public static let fileName = ImportedLocks.fileName

    public var path: String
    public var holder: String
    public var since: String
    public var intent: String?
    public var expires: String
    /// Always `import`: where the record came from.
    public var source: String
    public var importedFields: [String: JSONValue]?

    public init(path: String, holder: String, since: String, intent: String?, expires: String,
                importedFields: [String: JSONValue]? = nil) {
        self.path = path
        self.holder = holder
        self.since = since
        self.intent = intent
        self.expires = expires
        self.source = "import"
        self.importedFields = importedFields
    }

    enum CodingKeys: String, CodingKey {
        case path, holder, since, intent, expires, source
        case importedFields = "imported_fields"
    }

    public static let reservedFieldNames: Set<String> = ["v", "path", "holder", "since", "intent", "expires", "source", "imported_fields"]

    public var sinceDate: Date? { Timestamp.parse(since, in: .utc) }
    public var expiresDate: Date? { Timestamp.parse(expires, in: .utc) }
}

/// Seed-format locks on the board. `coord import` grants each imported lock
/// in the board's lock journal (so `coord locks` and `coord check` honour it)
/// and keeps the record as it came, with every field, in the staging journal
/// `.coordination/import/locks.jsonl`. That journal is what makes a second
/// import a no-op and what gives `coord export` the fields the lock journal
/// does not model.
public struct ImportedLocks: Sendable {
    public static let folderName = "import"
    public static let fileName = "locks.jsonl"
    /// What a lock without an `expires` gets, counted from its `since`.
    public static let defaultTTL: Int64 = 2 * 3600

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// Every staged lock, oldest first.
    public func all() throws -> [Stored<ImportedLock>] {
        guard let folder = try workspace.board.subdirectory(Self.folderName, create: false) else { return [] }
        return try RecordJournal<ImportedLock>(directory: folder).read(options: .unknownFields).records
    }

    /// Grants `locks` in the lock journal and stages their records, each in one
    /// write. Call inside the board lock. Returns the imported locks refused
    /// because another holder's live lock overlaps them.
    func append(_ locks: [Stored<ImportedLock>]) throws -> [LockConflict] {
        guard !locks.isEmpty, let folder = try workspace.board.subdirectory(Self.folderName, create: true) else { return [] }
        let grants = try Locks(workspace).grantImported(locks.map(\.value))
        try RecordJournal<ImportedLock>(directory: folder).append(locks)
        return grants.refused
    }

    /// The staged record an imported grant came from, to give back its extra fields.
    static func origin(of grant: LockGrant, in staged: [Stored<ImportedLock>]) -> Stored<ImportedLock>? {
        staged.last { $0.value.holder == grant.holder && $0.value.sinceDate == grant.since
            && (try? LockPath($0.value.path)) == grant.path }
    }

    /// Whether a lock with this path, holder and start is already staged.
    static func contains(_ locks: [Stored<ImportedLock>], path: String, holder: String, since: Date) -> Bool {
        locks.contains { $0.value.path == path && $0.value.holder == holder && $0.value.sinceDate == since }
    }
}

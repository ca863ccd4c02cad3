import FoundationEssentials

/// A lock brought in by `coord import` from a seed-format `LOCKS.json`.
///
///     {"expires":"2026-02-06T17:10:00.000Z","holder":"gastown-mayor","intent":"v2 cognitive architecture refactoring",
///      "path":"~/gt/mcp_memory/","since":"2026-02-06T15:10:00.000Z","source":"import","v":1}
///
/// Times are absolute UTC instants. Fields of the hand-made record that this
/// type does not name are kept beside it (`Stored.extra`), and those whose
/// names it uses itself (a hand-written `source`, say) under `imported_fields`.
public struct ImportedLock: Codable, Sendable, Equatable {
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

    static let reservedNames: Set<String> = ["v", "path", "holder", "since", "intent", "expires", "source", "imported_fields"]

    public var sinceDate: Date? { Timestamp.parse(since, in: .utc) }
    public var expiresDate: Date? { Timestamp.parse(expires, in: .utc) }
}

/// The adapter between seed-format locks and the board: a staging journal,
/// `.coordination/import/locks.jsonl`, that `coord import` appends to and
/// `coord export` reads `LOCKS.json` from.
///
/// It is kept apart from the board's own lock journal on purpose: the lock
/// records' format belongs to the locks feature. Connecting the two is a
/// matter of replacing `append` here (and `active` for export) with calls
/// into that journal; nothing else in the import or export depends on where
/// the records go.
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
        return try Journal<ImportedLock>(directory: folder, name: Self.fileName).read().records
    }

    /// The staged locks that have not expired at `now`.
    public func active(at now: Date) throws -> [Stored<ImportedLock>] {
        try all().filter { ($0.value.expiresDate ?? now) > now }
    }

    /// Appends `locks` in one write. Call inside the board lock.
    func append(_ locks: [Stored<ImportedLock>]) throws {
        guard !locks.isEmpty, let folder = try workspace.board.subdirectory(Self.folderName, create: true) else { return }
        try Journal<ImportedLock>(directory: folder, name: Self.fileName).append(locks)
    }

    /// Whether a lock with this path, holder and start is already staged.
    static func contains(_ locks: [Stored<ImportedLock>], path: String, holder: String, since: Date) -> Bool {
        locks.contains { $0.value.path == path && $0.value.holder == holder && $0.value.sinceDate == since }
    }
}

import CoordStorage
import FoundationEssentials

/// What `coord init` did.
public struct InitReport: Sendable, Equatable, Codable {
    public var board: String
    public var created: [String]
    public var existing: [String]
    public var timezone: String
    public var format: Int
}

extension Workspace {
    /// The files `coord init` lays down, in order.
    static let gitAttributes = """
        # Written by coord init. Union-merge only files whose every line stands alone.
        BULLETIN.md merge=union
        workers/*.jsonl merge=union
        # locks.jsonl and decisions.jsonl must never be union-merged: a merge
        # could grant one path twice or give two decisions one id.
        # Nor tasks.jsonl: a merge could hand one task to two claimants. Its
        # records carry ids, so git's own line merge flags concurrent appends.

        """

    static let gitIgnore = """
        # Local to this machine: the lock file, caches and temporary files.
        .lock
        .state/
        .*.tmp

        """

    static func bulletinPreamble(zone: BoardTimeZone) -> String {
        """
        # Bulletin

        <!-- coord bulletin, format 2. Append-only: never edit or reorder lines.
             A day starts with "## YYYY-MM-DD"; an entry is "- [HH:MM] agent: message".
             coord ends its own entries with <!-- coord -->. Times are \(zone.identifier).
             Appending by hand is fine (such lines are shown as by hand):
             echo "- [03:00] nightly: backup done" >> BULLETIN.md -->

        """
    }

    /// Creates `.coordination/` under `root`, or fills in what an existing one lacks.
    /// Running it again changes nothing.
    public static func initialize(
        root: String, timeZone requested: BoardTimeZone?, environment: CoordEnvironment
    ) throws -> (Workspace, InitReport) {
        let rootPath = root.hasPrefix("/") ? root : join(environment.currentDirectory, root)
        guard SystemCall.status(ofPath: rootPath)?.isDirectory == true else {
            throw CoordError.invalidInput("The folder '\(root)' does not exist; create it first or pass another folder to -C.")
        }
        let boardPath = join(normalise(rootPath), boardFolderName)
        var created: [String] = []
        var existing: [String] = []

        if SystemCall.status(ofPath: boardPath) == nil {
            let parentShared = SystemCall.status(ofPath: rootPath)?.isSetGroupID ?? false
            if SystemCall.makeDirectory(boardPath, permissions: parentShared ? 0o2775 : 0o755) != 0
                && SystemCall.lastError != SystemCall.alreadyExists {
                throw CoordError.io("create the folder", path: boardPath, errno: SystemCall.lastError)
            }
            created.append(boardFolderName + "/")
        } else {
            existing.append(boardFolderName + "/")
        }
        let board = try BoardDirectory.open(boardPath)
        let zone = requested ?? .system(environment: environment.lookup)

        try board.withExclusiveLock {
            if board.exists(BoardConfiguration.fileName) {
                existing.append(BoardConfiguration.fileName)
            } else {
                let configuration = BoardConfiguration(timeZone: zone)
                try board.replace(BoardConfiguration.fileName, with: configuration.encoded(created: environment.clock.now()))
                created.append(BoardConfiguration.fileName)
            }
            let files: [(String, String)] = [
                (Bulletin.fileName, bulletinPreamble(zone: zone)),
                (".gitattributes", gitAttributes),
                (".gitignore", gitIgnore),
            ]
            for (name, content) in files {
                if board.exists(name) {
                    existing.append(name)
                } else {
                    try board.replace(name, with: Array(content.utf8))
                    created.append(name)
                }
            }
            if created.contains(Bulletin.fileName) {
                // Start the index at the preamble, so a line a cron job appends
                // before the first post is already known to be by hand.
                var index = BulletinIndex()
                let preamble = Array(bulletinPreamble(zone: zone).utf8)
                index.absorb(preamble, at: 0)
                index.covered = Int64(preamble.count)
                try BulletinIndexStore(board: board).save(index)
            }
        }
        let configuration = try BoardConfiguration.load(from: board, environment: environment.lookup)
        if let requested, requested != configuration.timeZone {
            throw CoordError.invalidInput(
                "This board already records the time zone \(configuration.timeZone.identifier); edit '\(board.child(BoardConfiguration.fileName))' to change it.")
        }
        let workspace = Workspace(root: normalise(rootPath), board: board, configuration: configuration, clock: environment.clock,
                                  monotonic: environment.monotonic)
        let report = InitReport(board: boardPath, created: created, existing: existing,
                                timezone: configuration.timeZone.identifier, format: configuration.format)
        return (workspace, report)
    }
}

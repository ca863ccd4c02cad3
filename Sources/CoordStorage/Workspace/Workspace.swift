import FoundationEssentials

/// What a command needs from the process: environment variables, the current
/// folder and the clock. The CLI passes the real ones; tests pass their own.
public struct CoordEnvironment: Sendable {
    public var lookup: @Sendable (String) -> String?
    public var currentDirectory: String
    public var clock: BoardClock
    /// Elapsed time for waits and time limits.
    public var monotonic: MonotonicClock

    public init(lookup: @escaping @Sendable (String) -> String?, currentDirectory: String, clock: BoardClock,
                monotonic: MonotonicClock = .system) {
        self.lookup = lookup
        self.currentDirectory = currentDirectory
        self.clock = clock
        self.monotonic = monotonic
    }

    /// The running process's environment, checked. `COORD_NOW` (an ISO 8601
    /// instant) pins the clock, for reproducible boards and tests.
    ///
    /// Every command path builds its environment here, so a malformed
    /// `COORD_NOW`, `COORD_AGENT` or `COLUMNS` is refused with one sentence
    /// and the usage status instead of being silently ignored.
    public static func process() throws -> CoordEnvironment {
        let lookup: @Sendable (String) -> String? = { SystemCall.environment($0) }
        let clock = try checkedClock(lookup)
        try check(lookup)
        return CoordEnvironment(lookup: lookup, currentDirectory: SystemCall.currentDirectory() ?? ".", clock: clock)
    }

    /// The system clock, or the instant `COORD_NOW` pins it to.
    public static func checkedClock(_ lookup: (String) -> String?) throws -> BoardClock {
        guard let pinned = lookup("COORD_NOW"), !pinned.isEmpty else { return .system }
        guard let date = Timestamp.parse(pinned, in: .utc) else {
            throw CoordError.invalidInput(
                "COORD_NOW is '\(Escaping.escape(pinned))', not an ISO 8601 instant; set it like COORD_NOW=2026-11-21T09:30:00Z or unset it.")
        }
        return .fixed(date)
    }

    /// Refuses a malformed `COORD_AGENT` or `COLUMNS` (an empty one counts as unset).
    public static func check(_ lookup: (String) -> String?) throws {
        if let agent = lookup("COORD_AGENT"), !agent.isEmpty, let problem = AgentName.problem(with: agent) {
            throw CoordError.invalidInput(
                "COORD_AGENT is '\(Escaping.escape(agent))', which \(problem); set it to a name such as worker-1 or unset it.")
        }
        if let columns = lookup("COLUMNS"), !columns.isEmpty, terminalColumns(columns) == nil {
            throw CoordError.invalidInput(
                "COLUMNS is '\(Escaping.escape(columns))', not a width; set it to a number of columns such as 80 or unset it.")
        }
    }

    /// `COLUMNS` as a width: a whole number from 1 to 10000.
    public static func terminalColumns(_ text: String) -> Int? {
        guard let value = Int(text), value > 0, value <= 10_000 else { return nil }
        return value
    }

    /// The width output should fit: `COLUMNS` when set, else the terminal's
    /// width when standard output is one, else nil (a pipe or a file).
    public func outputColumns() -> Int? {
        if let text = lookup("COLUMNS"), let value = Self.terminalColumns(text) { return value }
        return SystemCall.terminalColumns(ProcessIO.standardOutput)
    }
}

/// A workspace: the folder that holds `.coordination/`, its board and settings.
public struct Workspace: Sendable {
    public static let boardFolderName = ".coordination"

    /// The workspace root (briefs go under `.agents/briefs/` here).
    public let root: String
    public let board: BoardDirectory
    public let configuration: BoardConfiguration
    public let clock: BoardClock
    /// Elapsed time: how long `lock --wait` waits, when `run` renews.
    public let monotonic: MonotonicClock
    /// Set by `viewed(at:)`: the board is shown as it was then, and bulletin
    /// entries stamped after it are left out.
    public internal(set) var viewMoment: Date? = nil
    /// False when `.state/board.idx` did not answer for this `board.json`; a writer then saves it.
    package var configurationCacheIsCurrent = true

    public var timeZone: BoardTimeZone { configuration.timeZone }

    public init(root: String, board: BoardDirectory, configuration: BoardConfiguration, clock: BoardClock,
                monotonic: MonotonicClock = .system) {
        self.root = root
        self.board = board
        self.configuration = configuration
        self.clock = clock
        self.monotonic = monotonic
    }

    /// Finds the board the way git finds a repository.
    ///
    /// `explicit` (`-C DIR`), else `COORD_WORKSPACE`, names where to start; a
    /// folder that is itself a board (it has `board.json`) is used as is.
    /// Otherwise the search walks up from the start to the nearest folder
    /// holding `.coordination/`.
    public static func discover(explicit: String?, environment: CoordEnvironment) throws -> Workspace {
        var start = environment.currentDirectory
        if let given = explicit ?? environment.lookup("COORD_WORKSPACE").flatMap({ $0.isEmpty ? nil : $0 }) {
            start = given.hasPrefix("/") ? given : join(environment.currentDirectory, given)
            guard SystemCall.status(ofPath: start)?.isDirectory == true || SystemCall.realPath(start) != nil else {
                throw CoordError.invalidInput("The workspace '\(given)' does not exist; pass an existing folder to -C or COORD_WORKSPACE.")
            }
            if SystemCall.status(ofPath: join(start, BoardConfiguration.fileName))?.isRegular == true {
                return try open(board: normalise(start), environment: environment)
            }
        }
        var directory = normalise(start)
        while true {
            let candidate = join(directory, boardFolderName)
            if let status = SystemCall.status(ofPath: candidate), status.isDirectory || !status.isRegular {
                return try open(board: candidate, environment: environment)
            }
            if directory == "/" || directory.isEmpty { break }
            directory = parent(of: directory)
        }
        throw CoordError.notAWorkspace(searchedFrom: start)
    }

    /// Opens the board folder at `path` (its parent is the workspace root).
    public static func open(board path: String, environment: CoordEnvironment) throws -> Workspace {
        let board = try BoardDirectory.open(path)
        let (configuration, cached) = try BoardConfiguration.loadNotingCache(from: board, environment: environment.lookup)
        var workspace = Workspace(root: parent(of: path), board: board, configuration: configuration, clock: environment.clock,
                                  monotonic: environment.monotonic)
        workspace.configurationCacheIsCurrent = cached
        return workspace
    }

    /// Saves `.state/board.idx` when it did not answer for this board: writers
    /// call it, so the next command skips decoding `board.json`.
    package func rememberConfiguration() {
        if !configurationCacheIsCurrent { BoardConfiguration.saveCache(for: board) }
    }

    // MARK: Paths

    package static func join(_ base: String, _ name: String) -> String {
        base.hasSuffix("/") ? base + name : base + "/" + name
    }

    package static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Removes `.` and empty components and resolves `..` lexically.
    ///
    /// Works on the UTF-8 bytes: splitting and joining `String`s costs runtime
    /// conformance lookups that every command would pay, as much as a post's own work.
    package static func normalise(_ path: String) -> String {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        var result: [UInt8] = []
        var starts: [Int] = []  // where each kept component's "/" is in `result`
        var bytes = Array(path.utf8)
        bytes.append(slash)
        var start = 0
        for index in bytes.indices where bytes[index] == slash {
            let count = index - start
            if count == 1 && bytes[start] == dot {
                // "." names the folder itself.
            } else if count == 2 && bytes[start] == dot && bytes[start + 1] == dot {
                if let last = starts.popLast() { result.removeLast(result.count - last) }
            } else if count > 0 {
                starts.append(result.count)
                result.append(slash)
                result.append(contentsOf: bytes[start ..< index])
            }
            start = index + 1
        }
        return result.isEmpty ? "/" : String(decoding: result, as: UTF8.self)
    }
}

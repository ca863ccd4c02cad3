import CoordStorage
import CoordinationKit
import FoundationEssentials
import Glibc

/// A fresh workspace in a temporary folder, removed when the test is done.
///
///     try TemporaryBoard.with { board in
///         let workspace = try board.workspace()
///         try Bulletin(workspace).post("hi", as: AgentName("a"))
///     }
public final class TemporaryBoard: @unchecked Sendable {
    /// The workspace root (holds `.coordination/`).
    public let root: String
    public var boardPath: String { root + "/.coordination" }
    public var clock: BoardClock
    /// Elapsed time stands still unless a test moves it.
    public var monotonic: MonotonicClock = .fixed(0)
    public let timeZone: BoardTimeZone

    public init(timeZone: BoardTimeZone = .utc, now: Date = TestTime.morning, initialise: Bool = true) throws {
        var template = Array("/tmp/coord-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CoordError(.io, "mkdtemp failed")
        }
        root = String(cString: made)
        clock = .fixed(now)
        self.timeZone = timeZone
        if initialise { _ = try Workspace.initialize(root: root, timeZone: timeZone, environment: environment()) }
    }

    deinit { Self.removeTree(root) }

    /// Runs `body` with a new board and always removes it afterwards.
    public static func with<T>(timeZone: BoardTimeZone = .utc, now: Date = TestTime.morning,
                               _ body: (TemporaryBoard) throws -> T) throws -> T {
        let board = try TemporaryBoard(timeZone: timeZone, now: now)
        return try body(board)
    }

    /// An environment whose current folder is the workspace root and whose clock is this board's.
    public func environment(_ variables: [String: String] = [:], directory: String? = nil) -> CoordEnvironment {
        CoordEnvironment(lookup: { variables[$0] }, currentDirectory: directory ?? root, clock: clock,
                         monotonic: monotonic)
    }

    public func workspace() throws -> Workspace {
        try Workspace.discover(explicit: nil, environment: environment())
    }

    public func path(_ relative: String) -> String { boardPath + "/" + relative }

    public func contents(_ relative: String) -> String? {
        FileBytes.read(path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Appends raw bytes the way a shell `>>` does (one write, O_APPEND).
    public func appendRaw(_ relative: String, _ bytes: [UInt8]) {
        FileBytes.append(path(relative), bytes)
    }

    static func removeTree(_ path: String) {
        guard path.hasPrefix("/tmp/coord-test-") else { return }
        _ = try? Subprocess.run(["/bin/rm", "-rf", path])
    }
}

/// Fixed instants for tests.
public enum TestTime {
    /// 2026-11-21 09:00:00 UTC.
    public static let morning = Date(timeIntervalSince1970: 1_795_251_600)

    public static func at(_ iso: String) -> Date {
        guard let date = Timestamp.parse(iso, in: .utc) else { fatalError("bad test time \(iso)") }
        return date
    }
}

/// Whole-file reads and raw appends for assertions, outside coord's own code paths.
public enum FileBytes {
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes += buffer[0 ..< n]
        }
        return bytes
    }

    public static func write(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(0o644))
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    public static func append(_ path: String, _ bytes: [UInt8]) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode_t(0o644))
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }
}

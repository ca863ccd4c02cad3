import CoordStorage
import CoordinationKit
import CoordTestSupport
import Glibc
import Testing

/// `coord run` killed with SIGKILL takes its command with it: no command
/// keeps running without the lock it was started under.
@Suite struct RunParentDeathTests {
    /// True while `pid` runs (a zombie waiting for its reaper counts as ended).
    static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = FileBytes.read("/proc/\(pid)/stat") else { return false }
        let text = String(decoding: stat, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return false }
        let state = text[text.index(close, offsetBy: 2)...].first
        return state != "Z" && state != "X"
    }

    @Test(arguments: [SIGKILL, SIGTERM])
    func theCommandEndsWhenCoordIsKilled(_ signal: Int32) throws {
        try TemporaryBoard.with { board in
            let pidFile = board.root + "/child.pid"
            let run = try CoordBinary.start(
                ["run", "--lock", "build", "--quiet", "--", "/bin/sh", "-c", "echo $$ > \(pidFile); exec sleep 300"],
                in: board.root, environment: ["COORD_AGENT": "ci"])
            #expect(Eventually.wait { FileBytes.read(pidFile)?.last == UInt8(ascii: "\n") })
            let text = String(decoding: FileBytes.read(pidFile) ?? [], as: UTF8.self)
            let child = try #require(Int32(text.dropLast()))
            #expect(Self.isRunning(child))
            run.signal(signal)
            _ = run.wait()
            #expect(Eventually.wait { !Self.isRunning(child) }, "the command (pid \(child)) outlived coord")
            if Self.isRunning(child) { kill(child, SIGKILL) }
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `flock .coordination/.lock cmd` from a shell and coord take the same lock.
@Suite struct LockProtocolTests {
    /// The pids waiting for an flock, from /proc/locks ("N: -> FLOCK ... WRITE PID ...").
    static func flockWaiters() -> Set<Int32> {
        let text = String(decoding: FileBytes.read("/proc/locks") ?? [], as: UTF8.self)
        var pids = Set<Int32>()
        for line in text.split(separator: "\n") where line.contains("-> FLOCK") {
            let fields = line.split(separator: " ")
            if let write = fields.firstIndex(where: { $0 == "WRITE" || $0 == "READ" }), write + 1 < fields.count,
               let pid = Int32(fields[write + 1]) {
                pids.insert(pid)
            }
        }
        return pids
    }

    @Test func coordWaitsForAShellScriptHoldingTheLock() throws {
        let board = try TemporaryBoard()
        let environment = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]
        #expect(try CoordBinary.run(["post", "before"], in: board.root, environment: environment).status == 0)

        // The script takes the lock, says so, and holds it until told to go on (bounded at 20 s).
        let script = """
            touch held
            i=0; while [ ! -e release ] && [ "$i" -lt 2000 ]; do sleep 0.01; i=$((i+1)); done
            echo "- [09:31] script: inside the lock" >> .coordination/BULLETIN.md
            """
        let holder = try Subprocess.start(["/usr/bin/flock", ".coordination/.lock", "/bin/sh", "-c", script],
                                          directory: board.root)
        defer { holder.signal(9); _ = holder.wait() }
        #expect(Waiting.until { FileBytes.exists(board.root + "/held") })

        let poster = try CoordBinary.start(["post", "after the script"], in: board.root, environment: environment)
        defer { poster.signal(9); _ = poster.wait() }
        // coord is provably blocked on the lock, not merely slow to start.
        #expect(Waiting.until { Self.flockWaiters().contains(poster.pid) }, "coord never waited for the lock")

        FileBytes.write(board.root + "/release", [])
        #expect(holder.wait().status == 0)
        #expect(poster.wait().status == 0)
        #expect(board.contents("BULLETIN.md")?.hasSuffix(
            "- [09:30] a: before <!-- coord -->\n- [09:31] script: inside the lock\n- [09:30] a: after the script <!-- coord -->\n") == true)
    }
}

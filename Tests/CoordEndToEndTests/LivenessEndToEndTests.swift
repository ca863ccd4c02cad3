import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// Last-seen through the built binary: every writing command and `coord
/// heartbeat` move it, read commands never do, and the observer and status
/// judge silence by it with the board's `workers.stale-after`.
@Suite struct LivenessEndToEndTests {
    typealias Script = ObserverFindingsEndToEndTests.Script

    func seenFiles(_ script: Script) -> [String] {
        let listing = (try? Subprocess.run(["/bin/ls", "-A", script.board.path(".state/seen")]))?.standardOutput ?? ""
        return listing.split(separator: "\n").map(String.init).sorted()
    }

    @Test func heartbeatsMoveLastSeenAndTheObserverFlagsSilencePastTheThreshold() throws {
        let script = try Script()
        try script.launch()
        try script.run("lead", at: "09:00", ["config", "set", "workers.stale-after", "1h"])
        let beat = try script.run("worker-1-api", at: "09:50", ["heartbeat", "--note", "long test run"])
        #expect(beat.standardOutput == "worker-1-api seen at 09:50:00\n")
        try script.run("worker-2-ui", at: "09:40", ["post", "building the login form"])
        try script.run("worker-3-db", at: "09:45", ["lock", "db/", "--intent", "migration", "--quiet"])

        // Within the threshold of their last-seen, nobody is stale, though no worker has sent an update since 09:00.
        #expect(try script.observe(at: "10:30").problems("stale-worker").isEmpty)
        let later = try script.observe(at: "10:42")
        #expect(
            later.problems("stale-worker").map(\.summary) == [
                "ui is active but has sent no update since 09:00 and was last seen 09:40"
            ])
        #expect(try script.observe(at: "10:46").problems("stale-worker").flatMap(\.subjects).sorted() == ["db", "ui"])

        let status = try script.run("observer", at: "10:46", ["status", "--json"])
        let document = try BoardJSON.decode(StatusDocument.self, from: Array(status.standardOutput.utf8))
        let api = try #require(document.workers.first { $0.domain == "api" })
        #expect(api.lastSeen == "2026-11-21T09:50:00.000Z" && !api.stale)
        #expect(document.workers.first { $0.domain == "ui" }?.stale == true)
        let text = try script.run("observer", at: "10:46", ["status"]).standardOutput
        #expect(text.contains("1h46m ago, seen 56m ago"), "\(text)")

        let workers = try script.run("observer", at: "10:46", ["workers"]).standardOutput
        #expect(workers.contains("1h46m ago, seen 56m ago"), "\(workers)")
        let workersJSON = try script.run("observer", at: "10:46", ["workers", "--json"]).standardOutput
        #expect(workersJSON.contains(#""last_seen" : "2026-11-21T09:50:00.000Z""#), "\(workersJSON)")

        let heartbeat = try #require(script.board.contents(".state/seen/worker-1-api.json"))
        #expect(heartbeat.contains(#""note":"long test run""#))
    }

    @Test func readCommandsNeverMoveLastSeenAndWritesOfAnyKindDo() throws {
        let script = try Script()
        try script.run("alice", at: "09:00", ["lock", "src/", "--intent", "x", "--quiet"])
        for arguments in [["status"], ["locks"], ["check", "lib/a"], ["read"], ["config", "list"], ["workers"]] {
            try script.run("bob", at: "09:05", arguments)
        }
        #expect(seenFiles(script) == ["alice.json"])
        // A refused lock is a write (the refusal is recorded) and a sign of life.
        let refused = try CoordBinary.run(
            ["lock", "src/a", "--intent", "y"], in: script.board.root,
            environment: ["COORD_AGENT": "bob", "COORD_NOW": "2026-11-21T09:06:00Z"])
        #expect(refused.status == ExitStatus.conflict)
        try script.run("carol/2", at: "09:07", ["post", "hello"])
        #expect(seenFiles(script) == ["alice.json", "bob.json", "carol%2F2.json"])
    }

    @Test func anEmptyHeartbeatNoteIsRefused() throws {
        let script = try Script()
        let result = try CoordBinary.run(["heartbeat", "--note", " "], in: script.board.root, environment: ["COORD_AGENT": "alice"])
        #expect(result.status == ExitStatus.usage)
        #expect(result.standardError.hasPrefix("coord: The heartbeat note is empty;"))
    }
}

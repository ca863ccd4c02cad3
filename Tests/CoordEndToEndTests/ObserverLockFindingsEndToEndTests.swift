import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// Lock findings of `coord observe` through the built binary.
@Suite struct ObserverLockFindingsEndToEndTests {
    typealias Script = ObserverFindingsEndToEndTests.Script

    @Test func aLockThatExpiredWithoutAReleaseIsReportedButNotPosted() throws {
        let script = try Script()
        _ = try script.observe(at: "09:00")
        try script.run("alice", at: "09:00", ["lock", "src/auth/", "--intent", "token refresh", "--ttl", "30m"])
        #expect(try script.observe(at: "09:20").problems("expired-lock").isEmpty, "still live")
        let pass = try script.observe(at: "09:45")
        let expired = try #require(pass.problems("expired-lock").first)
        #expect(expired.summary == "lock on src/auth by alice (token 1) expired at 09:30 without a release")
        #expect(expired.blocking == false && expired.posted == false)
        #expect(script.count("observer:") == 0)
    }

    @Test func aForceBreakIsReportedOnce() throws {
        let script = try Script()
        _ = try script.observe(at: "09:00")
        try script.run("bob", at: "09:01", ["lock", "db/", "--intent", "migrate"])
        try script.run("carol", at: "09:10", ["unlock", "db/", "--force", "--reason", "bob left for the day"])
        let pass = try script.observe(at: "09:15")
        #expect(pass.events("lock-break").map(\.summary) == ["carol broke bob's lock on db (token 1): bob left for the day"])
        #expect(try script.observe(at: "09:20").events("lock-break").isEmpty)
    }

    @Test func overlappingGrantsFromMergedClonesAreAContestedLock() throws {
        let script = try Script()
        _ = try script.observe(at: "09:00")
        // Two clones each granted an overlapping lock; git merged both journals.
        let lines = [
            #"{"at":"2026-11-21T09:01:00.000Z","event":"acquire","expires":"2026-11-21T12:00:00.000Z","holder":"alice","id":"00000000000000a1","intent":"refactor","path":"src","token":5,"ttl":10740,"v":1}"#,
            #"{"at":"2026-11-21T09:02:00.000Z","event":"acquire","expires":"2026-11-21T12:00:00.000Z","holder":"bob","id":"00000000000000b2","intent":"hotfix","path":"src/a.swift","token":6,"ttl":10680,"v":1}"#,
        ]
        script.board.appendRaw("locks.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
        let pass = try script.observe(at: "09:10")
        let contested = try #require(pass.problems("contested-lock").first)
        #expect(contested.summary == "lock on src held by alice (token 5) is wanted by bob")
        #expect(contested.posted == true && contested.blocking)
        #expect(try script.observe(at: "09:20").document.posted.isEmpty)
        try script.run("alice", at: "09:30", ["unlock", "src"])
        let after = try script.observe(at: "09:35")
        #expect(after.problems("contested-lock").map(\.state) == ["cleared"])
        #expect(script.count("observer: blocking: lock on src held by alice") == 1)
        #expect(script.count("observer: cleared: lock on src held by alice") == 1)
    }

    @Test func aStaleHolderOfALockAnotherWorkerWantsIsPosted() throws {
        let script = try Script()
        try script.launch()
        try script.run("worker-1-api", at: "09:05", ["lock", "src/shared/", "--intent", "shared types", "--ttl", "8h"])
        try script.run("worker-1-api", at: "09:06", ["worker", "update", "--note", "editing the shared types"])
        try script.run("worker-2-ui", at: "10:50", ["worker", "update", "--files", "src/shared/session.ts"])
        try script.run("worker-3-db", at: "10:50", ["worker", "update", "--note", "still here"])
        let early = try script.observe(at: "11:00")
        #expect(early.problems("collision").count == 1, "a lock and another worker's files overlap")
        #expect(early.problems("stale-holder").isEmpty, "api is not stale yet")
        let late = try script.observe(at: "11:10")
        let stale = try #require(late.problems("stale-holder").first)
        #expect(stale.summary == "api holds src/shared (token 1) and has sent no update since 09:06, while ui wants it")
        #expect(stale.posted == true)
        try script.run("worker-1-api", at: "11:20", ["unlock", "src/shared/"])
        let released = try script.observe(at: "11:25")
        #expect(released.problems("stale-holder").map(\.state) == ["cleared"])
        #expect(released.problems("collision").map(\.state) == ["cleared"])
    }

    @Test func statusShowsLiveLocksWithTimeLeft() throws {
        let script = try Script()
        try script.run("alice", at: "09:00", ["lock", "src/auth/", "--intent", "token refresh", "--ttl", "2h"])
        try script.run("bob", at: "09:00", ["lock", "old/", "--intent", "gone", "--ttl", "10m"])
        let status = try script.run("viewer", at: "10:15", ["status"])
        #expect(status.standardOutput.contains("Locks (1 live)\n  src/auth  alice  until 11:00 (45m left)  token refresh\n"))
        let json = try script.run("viewer", at: "10:15", ["status", "--json"])
        let document = try BoardJSON.decode(StatusDocument.self, from: Array(json.standardOutput.utf8))
        #expect(document.locks.map(\.path) == ["src/auth"])
        #expect(document.locks.first?.remainingSeconds == 2700)
    }
}

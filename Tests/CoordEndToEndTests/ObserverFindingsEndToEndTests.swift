import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// Each kind of finding, detected by `coord observe` through the built binary
/// on a scripted board; and interventions posted once, cleared once.
@Suite struct ObserverFindingsEndToEndTests {
    /// A scripted board: commands run as an agent at a pinned time of 2026-11-21 (UTC).
    final class Script {
        let board: TemporaryBoard
        init() throws { board = try TemporaryBoard() }

        @discardableResult
        func run(_ agent: String, at time: String, _ arguments: [String]) throws -> ProcessResult {
            let result = try CoordBinary.run(arguments, in: board.root,
                                             environment: ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T\(time):00Z"])
            #expect(result.status == 0, "coord \(arguments.joined(separator: " ")): \(result.standardError)")
            return result
        }

        /// Three workers launched at 09:00: api, ui and db (agents worker-1-api, …).
        func launch() throws {
            try run("lead", at: "09:00", ["launch", "--workers", "3", "--domains", "api,ui,db", "--goal", "Ship auth"])
        }

        /// One observer pass; its problems and events by kind.
        func observe(at time: String, _ extra: [String] = []) throws -> Pass {
            let result = try run("cron", at: time, ["observe", "--json"] + extra)
            return try Pass(BoardJSON.decode(ObserveDocument.self, from: Array(result.standardOutput.utf8)))
        }

        var bulletin: String { board.contents("BULLETIN.md") ?? "" }

        func count(_ text: String) -> Int { bulletin.components(separatedBy: text).count - 1 }
    }

    struct Pass {
        var document: ObserveDocument
        init(_ document: ObserveDocument) { self.document = document }

        func problems(_ kind: String, state: String? = nil) -> [ObserveDocument.Item] {
            document.problems.filter { $0.kind == kind && (state == nil || $0.state == state) }
        }

        func events(_ kind: String) -> [ObserveDocument.Item] { document.events.filter { $0.kind == kind } }
    }

    @Test func aBlockerIsPostedOnceWhileItPersistsAndItsClearingOnce() throws {
        let script = try Script()
        try script.launch()
        _ = try script.observe(at: "09:05")
        try script.run("worker-2-ui", at: "09:10", ["worker", "update", "--blocker", "need the token endpoint"])
        let opened = try script.observe(at: "09:15")
        let blocker = try #require(opened.problems("blocker").first)
        #expect(blocker.state == "new" && blocker.posted == true && blocker.blocking)
        #expect(blocker.summary == "ui is blocked since 09:10: need the token endpoint")
        #expect(blocker.ageSeconds == 300)
        for time in ["09:30", "10:00", "10:30", "11:00"] {
            let again = try script.observe(at: time)
            #expect(again.problems("blocker").map(\.state) == ["open"])
            #expect(again.document.posted.isEmpty)
        }
        #expect(script.count("observer: blocking: ui is blocked") == 1)

        try script.run("worker-2-ui", at: "11:10", ["worker", "update", "--unblocked", "--note", "endpoint is live"])
        let cleared = try script.observe(at: "11:15")
        #expect(cleared.problems("blocker").map(\.state) == ["cleared"])
        for time in ["11:30", "12:00"] { _ = try script.observe(at: time) }
        #expect(script.count("observer: cleared: ui is blocked") == 1)
        #expect(script.count("observer: blocking:") == 1)
        // The log holds both interventions.
        let log = try #require(script.board.contents("observer/log.jsonl"))
        #expect(log.contains("\"posted\":[\"blocking: ui is blocked since 09:10: need the token endpoint\"]"))
        #expect(log.contains("\"posted\":[\"cleared: ui is blocked since 09:10: need the token endpoint\"]"))
    }

    @Test func concurrentPassesPostAProblemOnce() throws {
        let script = try Script()
        try script.launch()
        _ = try script.observe(at: "09:05")
        try script.run("worker-1-api", at: "09:10", ["worker", "update", "--blocker", "the vault is down"])
        let env = ["COORD_AGENT": "cron", "COORD_NOW": "2026-11-21T09:20:00Z"]
        let observers = try (0 ..< 8).map { _ in try CoordBinary.start(["observe", "--quiet"], in: script.board.root, environment: env) }
        let results = observers.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")
        #expect(script.count("observer: blocking: api is blocked") == 1)
        // Exactly one of them saw the problem open (the others found it already open).
        #expect(results.filter { $0.standardOutput.contains("new") }.count == 1)
    }

    @Test func workerObservationsDiscoveriesHandoffsAndCompletionsAreReportedOnce() throws {
        let script = try Script()
        try script.launch()
        _ = try script.observe(at: "09:05")
        try script.run("worker-1-api", at: "09:10", ["worker", "update", "--completed", "JWT signing",
                                                     "--discovery", "tokens must be single-use", "--context", "30"])
        try script.run("worker-1-api", at: "09:20", ["worker", "handoff", "--to", "ui", "--artifacts", "docs/api.md",
                                                     "--note", "endpoints ready"])
        try script.run("worker-3-db", at: "09:25", ["worker", "done", "--report", "schema migrated"])
        let pass = try script.observe(at: "09:30")
        #expect(pass.events("observation").map(\.summary) == ["api: completed JWT signing; context 30%"])
        #expect(pass.events("discovery").map(\.summary) == ["api: tokens must be single-use"])
        #expect(pass.events("handoff").map(\.summary) == ["api handed off to ui: docs/api.md (endpoints ready)"])
        #expect(pass.events("completion").map(\.summary) == ["db complete: schema migrated"])
        let next = try script.observe(at: "09:35")
        #expect(next.document.events.filter { $0.kind != "activity" }.isEmpty, "reported once")
    }

    @Test func aSilentWorkerBecomesStaleAndIsReportedButNotPosted() throws {
        let script = try Script()
        try script.launch()
        try script.run("worker-1-api", at: "09:30", ["worker", "update", "--completed", "step one"])
        let early = try script.observe(at: "10:30")
        #expect(early.problems("stale-worker").isEmpty)
        let late = try script.observe(at: "11:20")
        #expect(late.problems("stale-worker").map(\.summary).sorted() == [
            "db is active but has sent no update since 09:00", "ui is active but has sent no update since 09:00",
        ])
        #expect(late.document.posted.isEmpty, "stale workers are reported, not posted")
        let strict = try script.observe(at: "11:25", ["--stale-after", "30m"])
        #expect(strict.problems("stale-worker", state: "new").map(\.subjects) == [["api"]])
        // A worker that reports again is no longer stale.
        try script.run("worker-2-ui", at: "11:30", ["worker", "update", "--note", "back"])
        let back = try script.observe(at: "11:35")
        #expect(back.problems("stale-worker", state: "cleared").map(\.subjects) == [["ui"]])
    }

    @Test func overlappingFilesOfTwoActiveWorkersAreACollision() throws {
        let script = try Script()
        try script.launch()
        _ = try script.observe(at: "09:05")
        try script.run("worker-1-api", at: "09:10", ["worker", "update", "--files", "src/auth/,docs/api.md"])
        try script.run("worker-2-ui", at: "09:11", ["worker", "update", "--files", "src/auth/login.ts"])
        let pass = try script.observe(at: "09:15")
        let collision = try #require(pass.problems("collision").first)
        #expect(collision.key == "collision:src/auth")
        #expect(collision.summary == "collision risk on src/auth: api (files src/auth/) and ui (files src/auth/login.ts)")
        #expect(collision.posted == true)
        try script.run("worker-2-ui", at: "09:20", ["worker", "update", "--files", "src/ui/login.ts"])
        let moved = try script.observe(at: "09:25")
        #expect(moved.problems("collision").map(\.state) == ["cleared"])
        #expect(script.count("observer: cleared: collision risk on src/auth") == 1)
    }

    @Test func aHandoffNobodyPicksUpIsPostedAfterTheThreshold() throws {
        let script = try Script()
        try script.launch()
        _ = try script.observe(at: "09:05")
        try script.run("worker-1-api", at: "09:10", ["worker", "handoff", "--to", "ui", "--note", "API is live"])
        #expect(try script.observe(at: "10:00").problems("unpicked-handoff").isEmpty, "not yet: within --stale-after")
        let waiting = try script.observe(at: "11:15")
        let problem = try #require(waiting.problems("unpicked-handoff").first)
        #expect(problem.summary == "handoff from api to ui at 09:10 is waiting: ui has not picked it up")
        #expect(problem.posted == true)
        try script.run("worker-2-ui", at: "11:20", ["worker", "update", "--note", "picked up the API"])
        let picked = try script.observe(at: "11:25")
        #expect(picked.problems("unpicked-handoff").map(\.state) == ["cleared"])
    }

    @Test func decisionsAwaitingApprovalOrAcknowledgementAreReported() throws {
        let script = try Script()
        try script.launch()
        try script.run("lead", at: "09:10", ["decide", "Use JWT", "--context", "sessions", "--rationale", "stateless"])
        try script.run("worker-1-api", at: "09:11", ["decide", "Use FalkorDB", "--proposed", "--context", "graph",
                                                     "--rationale", "fast"])
        let pass = try script.observe(at: "09:15")
        #expect(pass.problems("awaiting-approval").map(\.summary) == ["ADR-002 (Use FalkorDB) proposed by worker-1-api awaits approval"])
        #expect(pass.problems("unacknowledged").map(\.summary) == ["ADR-001 (Use JWT) is not yet acknowledged by api, db, ui"])
        #expect(pass.document.posted.isEmpty, "decisions are reported, not posted")
        for agent in ["worker-1-api", "worker-2-ui", "worker-3-db"] {
            try script.run(agent, at: "09:20", ["ack", "ADR-001"])
        }
        try script.run("lead", at: "09:21", ["approve", "ADR-002"])
        let after = try script.observe(at: "09:25")
        #expect(after.problems("unacknowledged", state: "cleared").map(\.key) == ["unacknowledged:ADR-001"])
        #expect(after.problems("awaiting-approval").map(\.state) == ["cleared"])
        // ADR-002 is now accepted: its author knows it, the others do not yet.
        #expect(after.problems("unacknowledged", state: "new").map(\.key) == ["unacknowledged:ADR-002"])
    }
}

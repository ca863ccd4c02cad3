import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

extension ScriptedBoard {
    /// A team's day through every feature: decisions in each state and their
    /// acknowledgements, next to ordinary bulletin traffic.
    static func teamDay() throws -> ScriptedBoard {
        let s = try ScriptedBoard()
        try s.post("2026-11-20T08:00", "lead", "Starting the day: ship login v2")
        try s.run("2026-11-20T08:10", "lead", ["decide", "Sessions are JWTs signed with Ed25519",
                                                "--context", "login v2 session format", "--rationale", "stateless, small"])
        try s.run("2026-11-20T08:20", "backend-agent", ["ack", "ADR-001"])
        try s.run("2026-11-20T08:30", "frontend-agent", ["decide", "Keep the token in an httpOnly cookie", "--proposed",
                                                          "--context", "where the browser keeps it", "--rationale", "no JS access"])
        try s.run("2026-11-20T09:00", "lead", ["approve", "ADR-002"])
        try s.run("2026-11-20T09:05", "infra-agent", ["decide", "Store sessions in Redis", "--proposed",
                                                       "--context", "revocation", "--rationale", "fast lookups"])
        try s.run("2026-11-20T09:10", "lead", ["reject", "ADR-003", "--reason", "JWTs are stateless by ADR-001"])
        try s.run("2026-11-20T11:00", "lead", ["decide", "Sessions are JWTs signed with Ed25519, rotated daily",
                                                "--supersedes", "ADR-001", "--context", "key rotation", "--rationale", "limit exposure"])
        try s.run("2026-11-20T11:30", "frontend-agent", ["ack", "ADR-004"])

        // Three workers: a blocker cleared by another worker, a chain of handoffs,
        // a path two of them touch, and words they share.
        try s.run("2026-11-20T08:05", "lead", ["launch", "--workers", "3", "--domains", "backend,frontend,infra",
                                                "--goal", "Ship login v2"])
        let (backend, frontend, infra) = ("worker-1-backend", "worker-2-frontend", "worker-3-infra")
        try s.run("2026-11-20T09:20", backend, ["worker", "update", "--completed", "session token signing",
                                                 "--discovery", "token refresh races with logout",
                                                 "--files", "src/auth/,src/auth/jwt.swift",
                                                 "--commits", "abc1234", "--context", "20", "--next", "refresh endpoint"])
        try s.run("2026-11-20T09:30", frontend, ["worker", "update", "--blocker", "waiting for the refresh endpoint",
                                                  "--files", "src/auth/session.swift,web/login.tsx",
                                                  "--discovery", "the login page must retry the token refresh once"])
        try s.run("2026-11-20T10:15", backend, ["worker", "update", "frontend", "--unblocked", "--note", "refresh endpoint is live"])
        try s.run("2026-11-20T10:20", backend, ["worker", "handoff", "--to", "frontend", "--artifacts", "docs/api.md",
                                                 "--note", "endpoints live"])
        try s.run("2026-11-20T11:40", frontend, ["worker", "update", "--completed", "login page",
                                                  "--discovery", "cookie refresh needs SameSite=strict", "--files", "docs/api.md",
                                                  "--impact", "users can sign in on staging", "--context", "41"])
        try s.run("2026-11-20T12:00", frontend, ["worker", "handoff", "--to", "infra", "--artifacts", "web/build/",
                                                  "--note", "ready to deploy"])
        try s.run("2026-11-20T13:00", infra, ["worker", "update", "--blocker", "staging certificate expired", "--next", "renew it"])
        try s.run("2026-11-20T14:00", infra, ["worker", "done", "--report", "deployed login v2 to staging"])

        // Locks: held and released, refused, expired without release, taken over, broken.
        try s.run("2026-11-20T09:10", backend, ["lock", "src/auth/", "--intent", "token signing", "--ttl", "2h"])
        let refused = try CoordBinary.run(["lock", "src/auth/session.swift", "--intent", "session cookie"], in: s.board.root,
                                          environment: ["COORD_AGENT": frontend, "COORD_NOW": "2026-11-20T09:15:00+01:00"])
        #expect(refused.status == 3)
        try s.run("2026-11-20T10:10", backend, ["unlock", "src/auth/"])
        try s.run("2026-11-20T10:30", frontend, ["lock", "src/auth/session.swift", "web/", "--intent", "login page", "--ttl", "1h"])
        try s.run("2026-11-20T12:30", infra, ["lock", "deploy/", "--intent", "staging deploy", "--ttl", "2h"])
        try s.run("2026-11-20T13:30", "lead", ["unlock", "deploy/", "--force", "--reason", "infra is blocked; freeing deploy/"])
        return s
    }
}

@Suite struct SynthesisTeamDayTests {
    @Test func aTeamDayMatchesItsGoldenReport() throws {
        let s = try ScriptedBoard.teamDay()
        let markdown = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(markdown.status == 0, "\(markdown.standardError)")
        #expect(GoldenFile.mismatch(markdown.standardOutput, name: "synthesis/team-day.md") == nil)
        let json = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        #expect(GoldenFile.mismatch(json.standardOutput, name: "synthesis/team-day.json") == nil)
    }

    @Test func decisionsShowTheirDayAndWhoHasNotTakenThemIn() throws {
        let s = try ScriptedBoard.teamDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.progress.decisions.map { "\($0.id) \($0.status)" } == [
            "ADR-001 superseded", "ADR-002 accepted", "ADR-003 rejected", "ADR-004 accepted",
        ])
        #expect(report.progress.decisions[1].steps.map(\.event) == ["proposed", "approved"])
        let uptake = report.across.decisions.map { "\($0.id): \($0.acknowledged) / \($0.notAcknowledged)" }
        let everyone = "\"backend-agent\", \"infra-agent\", \"worker-1-backend\", \"worker-2-frontend\", \"worker-3-infra\""
        #expect(uptake == [
            "ADR-002: [] / [\(everyone)]",
            "ADR-004: [\"frontend-agent\"] / [\(everyone)]",
        ])
        // As of 09:00 the day before the supersession, ADR-001 was still accepted.
        let morning = try s.synthesize(["--since", "2h", "--json"], now: "2026-11-20T09:00")
        let early = try BoardJSON.decode(SynthesisReport.self, from: Array(morning.standardOutput.utf8))
        #expect(early.progress.decisions.map { "\($0.id) \($0.status)" } == ["ADR-001 accepted", "ADR-002 accepted"])
    }

    @Test func workersAndWhatConnectsThem() throws {
        let s = try ScriptedBoard.teamDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.progress.goal == "Ship login v2")
        #expect(report.progress.workersTotal == 3 && report.progress.workersComplete == 1)
        #expect(report.progress.workersByStatus.map { "\($0.count) \($0.name)" } == ["1 complete", "2 handed-off"])
        #expect((report.progress.blockersOpened, report.progress.blockersResolved, report.progress.blockersOpen) == (2, 2, 0))
        #expect(report.workers.map(\.domain) == ["backend", "frontend", "infra"])
        let frontend = report.workers[1]
        #expect(frontend.handoffsReceived.map(\.from) == ["backend"] && frontend.handoffsGiven.map(\.to) == ["infra"])
        #expect(frontend.context == 41 && frontend.activeSeconds == 2 * 3600 + 30 * 60)
        #expect(report.across.handoffChains.map(\.workers) == [["backend", "frontend", "infra"]])
        #expect(report.across.blockersResolvedByOthers.map { "\($0.raisedBy) by \($0.resolvedBy): \($0.blocker)" } == [
            "frontend by backend: waiting for the refresh endpoint",
        ])
        #expect(report.across.sharedPaths.map { "\($0.path) \($0.workers)" } == [
            "docs/api.md [\"backend\", \"frontend\"]", "src/auth [\"backend\", \"frontend\"]",
        ])
    }

    @Test func locksHeldContestedBrokenAndExpired() throws {
        let s = try ScriptedBoard.teamDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let locks = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8)).locks
        #expect(locks.held.map { "\($0.path) \($0.holder) \($0.outcome) \($0.until?.clock ?? "-")" } == [
            "src/auth worker-1-backend released 10:10", "src/auth/session.swift worker-2-frontend expired 11:30",
            "web worker-2-frontend expired 11:30", "deploy worker-3-infra broken 13:30",
        ])
        #expect(locks.contested.map { "\($0.path) \($0.holders)" } == [
            "deploy [\"lead\", \"worker-3-infra\"]", "src/auth [\"worker-1-backend\", \"worker-2-frontend\"]",
        ])
        #expect(locks.forceBroken.map { "\($0.path) \($0.brokenBy) \($0.reason)" } == ["deploy lead infra is blocked; freeing deploy/"])
        #expect(locks.expired.map(\.path) == ["src/auth/session.swift", "web"])

        // Before the frontend's lock lapsed, it was live.
        let midday = try s.synthesize(["--since", "1h", "--json"], now: "2026-11-20T11:00")
        let live = try BoardJSON.decode(SynthesisReport.self, from: Array(midday.standardOutput.utf8)).locks
        #expect(live.held.map { "\($0.path) \($0.outcome)" } == ["src/auth released", "src/auth/session.swift live", "web live"])
        #expect(live.expired.isEmpty)
    }

    @Test func tornJournalLinesAreCountedAndTheRestStillRead() throws {
        let s = try ScriptedBoard.teamDay()
        let clean = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        s.board.appendRaw("workers/frontend.jsonl", Array("{\"agent\":\"worker-2-fr".utf8))  // a torn tail
        s.board.appendRaw("locks.jsonl", Array("not json at all\n".utf8))
        s.board.appendRaw("decisions.jsonl", Array("{\"event\":\n".utf8))
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let before = try BoardJSON.decode(SynthesisReport.self, from: Array(clean.standardOutput.utf8))
        let after = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(after.workers == before.workers && after.locks == before.locks && after.progress == before.progress)
        #expect(after.dataQuality.files.map { "\($0.path) \($0.count)" } == ["decisions.jsonl 1", "locks.jsonl 1"])
        // The torn tail of a worker journal is not a complete line yet: not counted, not read.
        #expect(after.dataQuality.skippedLines == 2)
        s.board.appendRaw("workers/frontend.jsonl", Array("\n".utf8))
        let completed = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let last = try BoardJSON.decode(SynthesisReport.self, from: Array(completed.standardOutput.utf8))
        #expect(last.dataQuality.files.map { "\($0.path) \($0.count)" } == [
            "decisions.jsonl 1", "locks.jsonl 1", "workers/frontend.jsonl 1",
        ])
        #expect(last.workers == before.workers)
        let markdown = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(markdown.standardOutput.contains("Data quality: 3 lines were skipped because they could not be read"))
    }

    @Test func interventionsComeFromTheObserverLog() throws {
        let s = try ScriptedBoard()
        try s.run("2026-11-20T09:00", "lead", ["launch", "--workers", "1", "--domains", "api", "--goal", "Ship the API"])
        try s.run("2026-11-20T09:05", "observer", ["observe"])
        try s.run("2026-11-20T09:10", "worker-1-api", ["worker", "update", "--blocker", "the database is down"])
        try s.run("2026-11-20T09:20", "observer", ["observe"])
        try s.post("2026-11-20T09:25", "observer", "still watching the blocked api")  // not an intervention
        try s.run("2026-11-20T09:30", "worker-1-api", ["worker", "update", "--unblocked"])
        try s.run("2026-11-20T09:40", "observer", ["observe"])
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.progress.interventions.map { "\($0.at.clock) \($0.message)" } == [
            "09:20 blocking: api is blocked since 09:10: the database is down",
            "09:40 cleared: api is blocked since 09:10: the database is down",
        ])
        let kinds = report.timeline.hours.flatMap(\.entries).filter { $0.agent == "observer" }.map { "\($0.at.clock) \($0.kind)" }
        #expect(kinds == ["09:20 intervention", "09:25 note", "09:40 intervention"])
    }
}

import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// A board with workers created directly (no briefs), as launch would.
func boardWithWorkers(_ domains: [String], _ body: (TemporaryBoard, Workers) throws -> Void) throws {
    try TemporaryBoard.with { board in
        let workers = Workers(try board.workspace())
        let entities = try domains.enumerated().map { index, name in
            let domain = try WorkerDomain(name)
            return WorkerEntity(domain: domain, number: index + 1, goal: "Implement authentication feature",
                                agent: domain.agentName(number: index + 1))
        }
        try board.workspace().board.withExclusiveLock { try workers.createEntities(entities, as: AgentName("lead")) }
        try body(board, workers)
    }
}

func observation(_ fill: (inout WorkerObservation) -> Void) -> WorkerObservation {
    var value = WorkerObservation()
    fill(&value)
    return value
}

@Suite struct WorkersTests {
    let worker1 = try! AgentName("worker-1-backend-api")

    @Test func anUpdateAppendsOneRecordWithTheSeedFieldsAndItsState() throws {
        try boardWithWorkers(["backend-api"]) { board, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation {
                $0.completed = ["JWT signing"]
                $0.discoveries = ["bcrypt cost 12 takes 250 ms", "keys rotate hourly"]
                $0.impact = ["login endpoint unblocked"]
                $0.context = 35
                $0.next = ["refresh tokens"]
                $0.files = ["src/auth/jwt.swift"]
                $0.commits = ["3f2a9c1"]
                $0.notes = ["free\ntext"]
            }, as: worker1)
            let timeline = try workers.timeline(domain)
            #expect(timeline.records.count == 2)
            let record = try #require(timeline.records.last?.value)
            #expect(record.kind == .update)
            #expect(record.agent == "worker-1-backend-api")
            #expect(record.at == "2026-11-21T09:00:00.000Z")
            #expect(record.discoveries == ["bcrypt cost 12 takes 250 ms", "keys rotate hourly"])
            #expect(record.notes == ["free\ntext"])
            #expect(record.blockers == nil)
            #expect(record.state == WorkerState(status: .active, context: 35, number: 1, agent: "worker-1-backend-api"))
            let lines = board.contents("workers/backend-api.jsonl")!.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[1].contains("\"v\":1"))
            #expect(lines[1].contains("\"notes\":[\"free\\ntext\"]"))
        }
    }

    @Test func aBlockerBlocksUntilUnblockedAndBlockersAccumulate() throws {
        try boardWithWorkers(["backend-api"]) { _, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation { $0.blockers = ["need users table"] }, as: worker1)
            #expect(try workers.summaries()[0].state.status == .blocked)
            try workers.update(domain, observation { $0.blockers = ["need secrets"]; $0.context = 20 }, as: worker1)
            #expect(try workers.summaries()[0].state.blockers == ["need users table", "need secrets"])
            try workers.update(domain, observation { $0.completed = ["docs"] }, as: worker1)
            #expect(try workers.summaries()[0].state.status == .blocked)
            try workers.update(domain, observation { $0.unblocked = true }, as: worker1)
            let state = try workers.summaries()[0].state
            #expect(state.status == .active)
            #expect(state.blockers.isEmpty)
            #expect(state.context == 20)
        }
    }

    @Test func unblockedWithANewBlockerKeepsOnlyTheNewOne() throws {
        try boardWithWorkers(["backend-api"]) { _, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation { $0.blockers = ["old"] }, as: worker1)
            try workers.update(domain, observation { $0.unblocked = true; $0.blockers = ["new"] }, as: worker1)
            #expect(try workers.summaries()[0].state.blockers == ["new"])
            #expect(try workers.summaries()[0].state.status == .blocked)
        }
    }

    @Test func doneCompletesAndRefusesFurtherRecordsUnlessReopened() throws {
        try boardWithWorkers(["backend-api"]) { _, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation { $0.blockers = ["x"] }, as: worker1)
            let done = try workers.done(domain, report: "endpoints merged", unfinished: false, as: worker1)
            #expect(done.state.status == .complete)
            #expect(done.state.blockers.isEmpty)
            #expect(done.report == "endpoints merged")
            #expect(throws: CoordError.workerComplete("backend-api")) {
                try workers.update(domain, observation { $0.notes = ["late"] }, as: worker1)
            }
            #expect(throws: CoordError.workerComplete("backend-api")) {
                try workers.done(domain, report: "again", unfinished: false, as: worker1)
            }
            let reopened = try workers.update(domain, observation { $0.notes = ["late"]; $0.reopen = true }, as: worker1)
            #expect(reopened.reopened == true)
            #expect(reopened.state.status == .active)
        }
    }

    @Test func anUnfinishedExitKeepsBlockersAndAnUpdateResumes() throws {
        try boardWithWorkers(["backend-api"]) { _, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation { $0.blockers = ["no budget"] }, as: worker1)
            let exit = try workers.done(domain, report: "half done", unfinished: true, as: worker1)
            #expect(exit.state.status == .exited)
            #expect(exit.state.blockers == ["no budget"])
            let resumed = try workers.update(domain, observation { $0.unblocked = true }, as: worker1)
            #expect(resumed.state.status == .active)
        }
    }

    @Test func aHandoffIsRecordedOnBothWorkers() throws {
        try boardWithWorkers(["backend-api", "frontend-ui"]) { board, workers in
            let sender = try WorkerDomain("backend-api")
            let receiver = try WorkerDomain("frontend-ui")
            let (sent, received) = try workers.handoff(from: sender, to: receiver, artifacts: ["docs/api.md", "openapi.yaml"],
                                                       note: "endpoints live", as: worker1)
            #expect(sent.state.status == .handedOff)
            #expect(sent.to == "frontend-ui")
            #expect(received.from == "backend-api")
            #expect(received.ref == sent.id)
            #expect(received.state.status == .active)
            let timeline = try workers.timeline(receiver)
            #expect(timeline.records.last?.value.artifacts == ["docs/api.md", "openapi.yaml"])
            #expect(timeline.records.last?.value.notes == ["endpoints live"])
            let bulletin = try Bulletin(try board.workspace()).read(BulletinQuery())
            #expect(bulletin.map(\.message) == ["backend-api handed off to frontend-ui: docs/api.md, openapi.yaml (endpoints live)"])
        }
    }

    @Test func handoffsToUnknownOrSelfAreRefused() throws {
        try boardWithWorkers(["backend-api"]) { _, workers in
            let sender = try WorkerDomain("backend-api")
            #expect(throws: CoordError.workerNotFound("nobody")) {
                try workers.handoff(from: sender, to: WorkerDomain("nobody"), artifacts: ["a"], note: nil, as: worker1)
            }
            #expect(throws: CoordError.self) {
                try workers.handoff(from: sender, to: sender, artifacts: ["a"], note: nil, as: worker1)
            }
            #expect(try workers.timeline(sender).records.count == 1)
        }
    }

    @Test func eachEventPostsExactlyOneConciseBulletinLine() throws {
        try boardWithWorkers(["backend-api"]) { board, workers in
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation {
                $0.completed = ["JWT signing"]
                $0.blockers = ["need users table"]
                $0.context = 35
                $0.files = ["a", "b"]
            }, as: worker1)
            try workers.update(domain, observation { $0.notes = [String(repeating: "long ", count: 200)] }, as: worker1)
            try workers.done(domain, report: "merged", unfinished: false, as: worker1)
            let messages = try Bulletin(try board.workspace()).read(BulletinQuery()).map(\.message)
            #expect(messages.count == 3)
            #expect(messages[0] == "backend-api: completed JWT signing; BLOCKED: need users table; context 35%")
            #expect(messages[1].count == 200 && messages[1].hasSuffix("…"))
            #expect(messages[2] == "backend-api complete: merged")
        }
    }

    @Test func theActingAgentFindsItsOwnWorker() throws {
        try boardWithWorkers(["backend-api", "frontend-ui"]) { _, workers in
            let frontend = try AgentName("worker-2-frontend-ui")
            let someone = try AgentName("someone")
            let alice = try AgentName("alice")
            let impostor = try AgentName("worker-9-backend-api")
            #expect(try workers.resolve(nil, for: frontend).rawValue == "frontend-ui")
            #expect(try workers.resolve("backend-api", for: someone).rawValue == "backend-api")
            #expect(throws: CoordError.noWorker(forAgent: "alice")) { try workers.resolve(nil, for: alice) }
            // A name that looks like a worker's but is not the recorded agent finds nothing.
            #expect(throws: CoordError.self) { try workers.resolve(nil, for: impostor) }
        }
    }

    @Test func emptyOrBadUpdatesAreRefusedWithoutWriting() throws {
        try boardWithWorkers(["backend-api"]) { board, workers in
            let domain = try WorkerDomain("backend-api")
            #expect(throws: CoordError.emptyObservation()) { try workers.update(domain, WorkerObservation(), as: worker1) }
            #expect(throws: CoordError.self) { try workers.update(domain, observation { $0.context = 101 }, as: worker1) }
            #expect(throws: CoordError.self) { try workers.update(domain, observation { $0.completed = ["  "] }, as: worker1) }
            #expect(throws: CoordError.workerNotFound("ghost")) {
                try workers.update(WorkerDomain("ghost"), observation { $0.notes = ["x"] }, as: worker1)
            }
            #expect(board.contents("workers/backend-api.jsonl")?.split(separator: "\n").count == 1)
            #expect(!FileBytes.exists(board.path("workers/ghost.jsonl")))
        }
    }

    @Test func statusViewsReadTheLastLineAndSkipATornTail() throws {
        try boardWithWorkers(["backend-api", "frontend-ui"]) { board, workers in
            try workers.update(WorkerDomain("frontend-ui"), observation { $0.blockers = ["x"] }, as: worker1)
            board.appendRaw("workers/frontend-ui.jsonl", Array("{\"kind\":\"upd".utf8))
            let summaries = try workers.summaries()
            #expect(summaries.map(\.domain.rawValue) == ["backend-api", "frontend-ui"])
            #expect(summaries[1].state.status == .blocked)
            // The next writer starts a fresh line after the torn tail.
            try workers.update(WorkerDomain("frontend-ui"), observation { $0.unblocked = true }, as: worker1)
            let timeline = try workers.timeline(WorkerDomain("frontend-ui"))
            #expect(timeline.invalid.count == 1)
            #expect(timeline.state.status == .active)
        }
    }

    @Test func recordIdsAreUniqueAndStable() throws {
        var first: [String] = []
        for round in 0 ..< 2 {
            try boardWithWorkers(["backend-api"]) { _, workers in
                let domain = try WorkerDomain("backend-api")
                for _ in 0 ..< 5 { try workers.update(domain, observation { $0.notes = ["same"] }, as: worker1) }
                let ids = try workers.timeline(domain).records.map(\.value.id)
                #expect(Set(ids).count == 6)
                #expect(ids.allSatisfy { $0.count == 16 })
                if round == 0 { first = ids } else { #expect(ids == first) }
            }
        }
    }

    @Test func unknownFieldsInRecordsSurviveReading() throws {
        try boardWithWorkers(["backend-api"]) { board, workers in
            board.appendRaw("workers/backend-api.jsonl", Array("""
                {"agent":"x","at":"2026-11-21T09:00:00.000Z","id":"abc","kind":"update","mood":"great","notes":["hi"],\
                "state":{"agent":"worker-1-backend-api","blockers":[],"number":1,"status":"active"},"v":1}

                """.utf8))
            let timeline = try workers.timeline(WorkerDomain("backend-api"))
            #expect(timeline.records.last?.extra["mood"] == .string("great"))
        }
    }

    @Test func aNewerRecordFormatIsRefused() throws {
        try boardWithWorkers(["backend-api"]) { board, workers in
            board.appendRaw("workers/backend-api.jsonl", Array("""
                {"agent":"x","at":"2026-11-21T09:00:00.000Z","id":"abc","kind":"update","state":{"agent":"a","blockers":[],"number":1,"status":"active"},"v":2}

                """.utf8))
            #expect(throws: CoordError.self) { try workers.summaries() }
        }
    }
}

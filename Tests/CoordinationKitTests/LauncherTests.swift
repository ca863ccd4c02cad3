import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Launch through the library, rendering with the coord-render built next to the tests.
func launcher(_ board: TemporaryBoard) throws -> Launcher {
    Launcher(try board.workspace(), renderer: BriefRenderer(path: CoordBinary.buildFolder + "/coord-render"))
}

/// Every path under `root`, with file sizes: a cheap fingerprint of "nothing was written".
func tree(_ root: String) throws -> String {
    try Subprocess.run(["/bin/sh", "-c", "cd \(Subprocess.shellQuote(root)) && find . -printf '%p %s\\n' | sort"]).standardOutput
}

@Suite struct LauncherTests {
    let lead = try! AgentName("lead")
    let domains = try! WorkerDomain.list("backend-api,frontend-ui,infrastructure")

    @Test func launchCreatesEntitiesBriefsGoalAndOneBulletinLine() throws {
        try TemporaryBoard.with { board in
            let report = try launcher(board).launch(LaunchRequest(domains: domains, goal: "Implement authentication feature"), as: lead)
            #expect(report.workers.map(\.number) == [1, 2, 3])
            #expect(report.workers.map(\.agent) == ["worker-1-backend-api", "worker-2-frontend-ui", "worker-3-infrastructure"])
            #expect(report.workers.map(\.brief) == [".agents/briefs/worker-1-backend-api.md", ".agents/briefs/worker-2-frontend-ui.md",
                                                    ".agents/briefs/worker-3-infrastructure.md"])
            #expect(report.observer?.brief == ".agents/briefs/meta-observer-20261121-090000.md")
            #expect(report.workers.allSatisfy { $0.template == "worker-brief@1" })
            #expect(report.replaced.isEmpty)
            for worker in report.workers {
                #expect(FileBytes.exists(board.root + "/" + worker.brief))
            }
            let workspace = try board.workspace()
            let timeline = try Workers(workspace).timeline(WorkerDomain("frontend-ui"))
            #expect(timeline.entity.name == "Worker Session: frontend-ui")
            #expect(timeline.entity.goal == "Implement authentication feature")
            #expect(timeline.entity.template == "worker-brief@1")
            #expect(timeline.state.status == .active)
            #expect(try BoardGoal.current(in: workspace)?.goal == "Implement authentication feature")
            #expect(try Bulletin(workspace).read(BulletinQuery()).map(\.message)
                == ["Launched 3 workers (backend-api, frontend-ui, infrastructure) for: Implement authentication feature"])
        }
    }

    @Test func aSecondLaunchIsRefusedWithoutWritingAndForceReplaces() throws {
        try TemporaryBoard.with { board in
            _ = try launcher(board).launch(LaunchRequest(domains: domains, goal: "First"), as: lead)
            board.clock = .fixed(TestTime.at("2026-11-21T10:00:00Z"))
            let before = try tree(board.root)
            let more = try WorkerDomain.list("docs,backend-api")
            #expect(throws: CoordError.self) { try launcher(board).launch(LaunchRequest(domains: more, goal: "Second"), as: lead) }
            #expect(try tree(board.root) == before)

            let report = try launcher(board).launch(LaunchRequest(domains: more, goal: "Second", force: true), as: lead)
            // A relaunched domain keeps its number; a new one takes the next free number.
            #expect(report.workers.map(\.number) == [4, 1])
            #expect(report.replaced == [".coordination/workers/backend-api.jsonl", ".agents/briefs/worker-1-backend-api.md"])
            let timeline = try Workers(try board.workspace()).timeline(WorkerDomain("backend-api"))
            #expect(timeline.records.count == 2)
            #expect(timeline.entity.goal == "Second")
        }
    }

    @Test func addWorkerTakesTheNextFreeNumberOrTheOneAsked() throws {
        try TemporaryBoard.with { board in
            _ = try launcher(board).launch(LaunchRequest(domains: domains, goal: "Auth"), as: lead)
            let fourth = try launcher(board).addWorker(WorkerDomain("monitoring"), goal: "Metrics", number: nil, force: false, as: lead)
            #expect(fourth.workers[0].number == 4)
            #expect(fourth.workers[0].brief == ".agents/briefs/worker-4-monitoring.md")
            let seventh = try launcher(board).addWorker(WorkerDomain("docs"), goal: "Docs", number: 7, force: false, as: lead)
            #expect(seventh.workers[0].number == 7)
            let next = try launcher(board).addWorker(WorkerDomain("qa"), goal: "QA", number: nil, force: false, as: lead)
            #expect(next.workers[0].number == 8)
            #expect(throws: CoordError.self) {
                try launcher(board).addWorker(WorkerDomain("dup"), goal: "x", number: 2, force: false, as: lead)
            }
            #expect(throws: CoordError.self) {
                try launcher(board).addWorker(WorkerDomain("docs"), goal: "again", number: nil, force: false, as: lead)
            }
            let brief = FileBytes.read(board.root + "/.agents/briefs/worker-4-monitoring.md").map { String(decoding: $0, as: UTF8.self) }
            #expect(brief?.contains("| Team goal | Auth |") == true)
            #expect(brief?.contains("- worker 1, `backend-api` (agent `worker-1-backend-api`), active: Auth") == true)
        }
    }

    @Test func aMissingRendererWritesNothing() throws {
        try TemporaryBoard.with { board in
            let before = try tree(board.root)
            let launcher = Launcher(try board.workspace(), renderer: BriefRenderer(path: "/nonexistent/coord-render"))
            do {
                _ = try launcher.launch(LaunchRequest(domains: domains, goal: "Auth"), as: lead)
                Issue.record("launched without a renderer")
            } catch let error as CoordError {
                #expect(error.kind == .rendererMissing)
                #expect(error.message.contains("COORD_RENDER"))
            }
            #expect(try tree(board.root) == before)
        }
    }

    @Test func aBoardTemplateOverridesTheBuiltInAndItsVersionIsRecorded() throws {
        try TemporaryBoard.with { board in
            _ = try Subprocess.run(["/bin/mkdir", board.path("templates")])
            FileBytes.write(board.path("templates/worker-brief.mustache"),
                            Array("Hello {{worker.agent}} & <{{worker.domain}}> ({{template.version}})\n".utf8))
            let report = try launcher(board).launch(LaunchRequest(domains: [WorkerDomain("api")], goal: "G"), as: lead)
            let version = report.workers[0].template
            #expect(version.hasPrefix("worker-brief@custom-"))
            let text = FileBytes.read(board.root + "/.agents/briefs/worker-1-api.md").map { String(decoding: $0, as: UTF8.self) }
            #expect(text == "Hello worker-1-api & <api> (\(version))\n")
            #expect(report.observer?.template == "observer-brief@1")
        }
    }

    @Test func aBrokenTemplateIsReportedAndNothingIsWritten() throws {
        try TemporaryBoard.with { board in
            _ = try Subprocess.run(["/bin/mkdir", board.path("templates")])
            FileBytes.write(board.path("templates/observer-brief.mustache"), Array("{{#open}} never closed\n".utf8))
            let before = try tree(board.root)
            do {
                _ = try launcher(board).launch(LaunchRequest(domains: [WorkerDomain("api")], goal: "G"), as: lead)
                Issue.record("rendered a broken template")
            } catch let error as CoordError {
                #expect(error.kind == .renderFailed)
                #expect(error.message.contains("observer-brief.mustache"))
            }
            #expect(try tree(board.root) == before)
        }
    }
}

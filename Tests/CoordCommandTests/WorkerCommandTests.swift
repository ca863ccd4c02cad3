import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

/// Runs a command in process as if standard input were a terminal typing `answers`.
func runAtTerminal(_ arguments: [String], on board: TemporaryBoard, variables: [String: String] = [:],
                   answers: String) throws -> (CommandContext, Int32) {
    let context = CommandContext(environment: board.environment(variables), input: Array(answers.utf8), inputIsTerminal: true)
    do {
        let command = try Coord.parseAsRoot(arguments)
        try (command as! any BoardCommand).execute(in: context)
        return (context, 0)
    } catch let error as CoordError {
        context.printError("coord: \(error.message)")
        return (context, error.exitStatus)
    } catch {
        return (context, Coord.exitCode(for: error).rawValue)
    }
}

/// A board with three launched workers (the seed's example).
func launchedBoard(_ body: (TemporaryBoard) throws -> Void) throws {
    try TemporaryBoard.with { board in
        let (context, status) = try runCommand(["launch", "--workers", "3", "--domains", "backend-api,frontend-ui,infrastructure",
                                                "--goal", "Implement authentication feature"], on: board,
                                               variables: ["COORD_AGENT": "lead"])
        #expect(status == 0, "\(context.errorText)")
        try body(board)
    }
}

@Suite struct WorkerCommandTests {
    let worker1 = ["COORD_AGENT": "worker-1-backend-api"]

    @Test func updateWithoutADomainActsOnTheAgentsWorker() throws {
        try launchedBoard { board in
            let (context, status) = try runCommand(
                ["worker", "update", "--completed", "JWT signing", "--completed", "key rotation", "--context", "35%",
                 "--files", "a.swift,b.swift", "--files", "c.swift", "--blocker", "need users table"], on: board, variables: worker1)
            #expect(status == 0)
            #expect(context.outputText == "Worker Session: backend-api: blocked (1 open blocker)\n")
            let record = try #require(try Workers(board.workspace()).timeline(WorkerDomain("backend-api")).records.last?.value)
            #expect(record.completed == ["JWT signing", "key rotation"])
            #expect(record.files == ["a.swift", "b.swift", "c.swift"])
            #expect(record.context == 35)
        }
    }

    @Test func updateErrorsHaveTheirExitStatuses() throws {
        try launchedBoard { board in
            #expect(try runCommand(["worker", "update", "--note", "x"], on: board, variables: ["COORD_AGENT": "alice"]).1 == 5)
            #expect(try runCommand(["worker", "update", "ghost", "--note", "x"], on: board, variables: worker1).1 == 5)
            #expect(try runCommand(["worker", "update"], on: board, variables: worker1).1 == 64)
            #expect(try runCommand(["worker", "update", "--context", "lots"], on: board, variables: worker1).1 == 64)
            #expect(try runCommand(["worker", "update", "../x", "--note", "n"], on: board, variables: worker1).1 == 64)
            #expect(try runCommand(["worker", "done", "--report", "ok"], on: board, variables: worker1).1 == 0)
            let (late, status) = try runCommand(["worker", "update", "--note", "late"], on: board, variables: worker1)
            #expect(status == 4)
            #expect(late.errorText.contains("--reopen"))
        }
    }

    @Test func workersJSONHasAStableVersionedShape() throws {
        try launchedBoard { board in
            _ = try runCommand(["worker", "update", "--blocker", "schema", "--context", "20"], on: board, variables: worker1)
            board.clock = .fixed(TestTime.at("2026-11-21T09:12:00Z"))
            let (context, _) = try runCommand(["workers", "--json"], on: board)
            let view = try BoardJSON.decode([String: JSONValue].self, from: Array(context.outputText.utf8))
            #expect(view["version"] == .integer(Int64(JSONView.version)))
            #expect(view["goal"] == .string("Implement authentication feature"))
            guard case .array(let workers)? = view["workers"], case .object(let first)? = workers.first else {
                Issue.record("no workers array")
                return
            }
            #expect(workers.count == 3)
            #expect(first["domain"] == .string("backend-api"))
            #expect(first["name"] == .string("Worker Session: backend-api"))
            #expect(first["status"] == .string("blocked"))
            #expect(first["blockers"] == .array([.string("schema")]))
            #expect(first["context"] == .integer(20))
            #expect(first["age_seconds"] == .integer(720))
            #expect(first["updated"] == .string("2026-11-21T09:00:00.000Z"))
        }
    }

    @Test func workersTableShowsStatusAgeBlockersAndContext() throws {
        try launchedBoard { board in
            _ = try runCommand(["worker", "update", "--blocker", "schema", "--context", "20"], on: board, variables: worker1)
            board.clock = .fixed(TestTime.at("2026-11-21T10:30:00Z"))
            let (context, _) = try runCommand(["workers"], on: board)
            #expect(context.outputText == """
                Goal: Implement authentication feature
                #  DOMAIN          STATUS   UPDATED    CONTEXT  BLOCKERS
                1  backend-api     blocked  1h30m ago  20%      schema
                2  frontend-ui     active   1h30m ago  -        -
                3  infrastructure  active   1h30m ago  -        -

                """)
        }
    }

    @Test func showJSONHasNameDomainStatusAndObservations() throws {
        try launchedBoard { board in
            _ = try runCommand(["worker", "update", "--discovery", "bcrypt is slow", "--note", "hi"], on: board, variables: worker1)
            _ = try runCommand(["worker", "handoff", "--to", "frontend-ui", "--artifacts", "docs/api.md", "--note", "live"],
                               on: board, variables: worker1)
            let (context, status) = try runCommand(["worker", "show", "frontend-ui", "--json"], on: board)
            #expect(status == 0)
            let view = try BoardJSON.decode([String: JSONValue].self, from: Array(context.outputText.utf8))
            #expect(view["name"] == .string("Worker Session: frontend-ui"))
            #expect(view["domain"] == .string("frontend-ui"))
            #expect(view["status"] == .string("active"))
            guard case .array(let observations)? = view["observations"], case .object(let last)? = observations.last else {
                Issue.record("no observations")
                return
            }
            #expect(observations.count == 2)
            #expect(last["kind"] == .string("received"))
            #expect(last["from"] == .string("backend-api"))
            #expect(last["artifacts"] == .array([.string("docs/api.md")]))
            #expect(last["state"] == nil)
            #expect(last["time"] == .string("2026-11-21T09:00:00.000Z"))
            let (text, _) = try runCommand(["worker", "show"], on: board, variables: worker1)
            #expect(text.outputText.contains("    discovery: bcrypt is slow\n"))
            #expect(text.outputText.contains("- [09:00] handoff by worker-1-backend-api -> handed-off\n    handed off to frontend-ui\n"))
        }
    }

    @Test func launchWithoutFlagsOutsideATerminalNamesThemAndExits64() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["launch", "--workers", "2"], on: board)
            #expect(status == 64)
            #expect(context.errorText.contains("Missing --domains and --goal"))
            #expect(!FileBytes.exists(board.root + "/.agents"))
        }
    }

    @Test func launchAsksForWhatIsMissingAtATerminal() throws {
        try TemporaryBoard.with { board in
            let answers = "two\n2\nbackend-api\n../x\nbackend-api\nfrontend-ui\n\nImplement auth\nno-such-folder\n\n"
            let (context, status) = try runAtTerminal(["launch"], on: board, variables: ["COORD_AGENT": "lead"], answers: answers)
            #expect(status == 0, "\(context.errorText)")
            #expect(context.errorText.contains("Number of workers: coord: 'two' is not a number of workers"))
            #expect(context.errorText.contains("Domain for worker 2: coord: The domain '../x' contains '/'"))
            #expect(context.errorText.contains("coord: The domain 'backend-api' is given more than once"))
            #expect(context.errorText.contains("Overall goal: coord: The goal is empty"))
            #expect(context.errorText.contains("coord: The observer folder 'no-such-folder' does not exist"))
            #expect(context.outputText.contains("export COORD_AGENT=worker-2-frontend-ui"))
            #expect(try BoardGoal.current(in: board.workspace())?.goal == "Implement auth")
        }
    }

    @Test func briefAddsAWorkerWithTheBoardsGoalAndTheNextNumber() throws {
        try launchedBoard { board in
            let (context, status) = try runCommand(["brief", "--domain", "monitoring"], on: board, variables: ["COORD_AGENT": "lead"])
            #expect(status == 0, "\(context.errorText)")
            #expect(context.outputText.contains("created  .agents/briefs/worker-4-monitoring.md"))
            #expect(context.outputText.contains("export COORD_AGENT=worker-4-monitoring"))
            let again = try runCommand(["brief", "--domain", "monitoring"], on: board)
            #expect(again.1 == 4)
            #expect(try runCommand(["brief", "--domain", "monitoring", "--force", "--json"], on: board).1 == 0)
            let bare = try TemporaryBoard()
            let (missing, code) = try runCommand(["brief", "--domain", "x"], on: bare)
            #expect(code == 64)
            #expect(missing.errorText.contains("Missing --goal"))
        }
    }

    @Test func briefAsksForTheDomainAtATerminalAndOffersTheBoardsGoal() throws {
        try launchedBoard { board in
            let (context, status) = try runAtTerminal(["brief"], on: board, variables: ["COORD_AGENT": "lead"],
                                                      answers: "bad domain\nmonitoring\n")
            #expect(status == 0, "\(context.errorText)")
            #expect(context.errorText.contains("Domain: coord: The domain 'bad domain' contains whitespace"))
            #expect(!context.errorText.contains("Goal: "))
            #expect(context.outputText.contains("Added 1 worker for: Implement authentication feature"))
            let (ended, code) = try runAtTerminal(["brief"], on: board, answers: "")
            #expect(code == 64)
            #expect(ended.errorText.contains("no worker was added"))
        }
    }

    @Test func memoryGraphCommandsRoundTripThroughFiles() throws {
        try TemporaryBoard.with { board in
            let source = board.root + "/memory.jsonl"
            FileBytes.write(source, Array("""
                {"type":"entity","name":"Worker Session: api","entityType":"session","observations":["Completed: x","Context: 10%"]}
                {"type":"relation","from_entity":"Worker Session: api","to_entity":"DB","relationType":"uses"}
                broken
                """.utf8))
            let (imported, status) = try runCommand(["import", "--memory-graph", "memory.jsonl"], on: board)
            #expect(status == 0)
            #expect(imported.outputText.contains("Imported 2 observation(s) on 1 worker(s) (1 new)"))
            #expect(imported.errorText.contains("line 3: not a JSON object"))
            let (exported, _) = try runCommand(["export", "--memory-graph", "-"], on: board)
            #expect(exported.outputText == """
                {"entityType":"session","name":"Worker Session: api","observations":["Completed: x","Context: 10%"],"type":"entity"}
                {"from":"Worker Session: api","relationType":"uses","to":"DB","type":"relation"}

                """)
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// Rendered output compared with a file in Tests/Fixtures/; COORD_RECORD_GOLDEN=1 rewrites the file instead.
enum Golden {
    static func check(_ actual: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) {
        let tests = filePath.split(separator: "/").dropLast(2).joined(separator: "/")
        let path = "/" + tests + "/Fixtures/" + name
        if let record = SystemEnvironment.value("COORD_RECORD_GOLDEN"), record == "1" {
            FileBytes.write(path, Array(actual.utf8))
            return
        }
        guard let expected = FileBytes.read(path).map({ String(decoding: $0, as: UTF8.self) }) else {
            Issue.record("Missing golden file \(path); run the tests with COORD_RECORD_GOLDEN=1 to create it.", sourceLocation: sourceLocation)
            return
        }
        #expect(actual == expected, "differs from \(path); re-record with COORD_RECORD_GOLDEN=1 if the change is intended",
                sourceLocation: sourceLocation)
    }
}

enum SystemEnvironment {
    static func value(_ name: String) -> String? {
        guard let raw = getenv(name) else { return nil }
        return String(cString: raw)
    }
}

/// Every path under `root` with its size, sorted: what "nothing was written" compares.
func fileTree(_ root: String) throws -> String {
    try Subprocess.run(["/bin/sh", "-c", "cd \(Subprocess.shellQuote(root)) && find . -printf '%p %s\\n' | sort"]).standardOutput
}

@Suite struct LaunchEndToEndTests {
    let env = ["COORD_AGENT": "lead", "COORD_NOW": "2026-11-20T09:00:00+01:00"]
    let seedDomains = "backend-api,frontend-ui,infrastructure"

    func launch(_ board: TemporaryBoard, _ extra: [String] = []) throws -> ProcessResult {
        try CoordBinary.run(["launch", "--workers", "3", "--domains", seedDomains, "--goal", "Implement authentication feature"] + extra,
                            in: board.root, environment: env)
    }

    @Test func launchCreatesExactlyTheBriefsEntitiesAndGoal() throws {
        try TemporaryBoard.with { board in
            let before = try fileTree(board.root)
            let result = try launch(board)
            #expect(result.status == 0, "\(result.standardError)")
            let after = try fileTree(board.root)
            let added = Set(after.split(separator: "\n")).subtracting(before.split(separator: "\n"))
                .map { String($0.split(separator: " ")[0]) }.filter { !$0.hasPrefix("./.coordination/.state") }.sorted()
            #expect(added == [
                "./.agents", "./.agents/briefs", "./.agents/briefs/meta-observer-20261120-080000.md",
                "./.agents/briefs/worker-1-backend-api.md", "./.agents/briefs/worker-2-frontend-ui.md",
                "./.agents/briefs/worker-3-infrastructure.md", "./.coordination/BULLETIN.md", "./.coordination/goal.json",
                "./.coordination/workers", "./.coordination/workers/backend-api.jsonl",
                "./.coordination/workers/frontend-ui.jsonl", "./.coordination/workers/infrastructure.jsonl",
            ])
            #expect(result.standardOutput.contains("  export COORD_AGENT=worker-2-frontend-ui     # brief: .agents/briefs/worker-2-frontend-ui.md\n"))
            #expect(result.standardOutput.contains("Start the observer in \(board.root):"))
            let workers = try CoordBinary.run(["workers", "--json"], in: board.root, environment: env)
            let view = try BoardJSON.decode([String: JSONValue].self, from: Array(workers.standardOutput.utf8))
            guard case .array(let list)? = view["workers"] else { Issue.record("no workers"); return }
            #expect(list.count == 3)
            let entity = try BoardJSON.decode([String: JSONValue].self,
                                              from: board.contents("workers/infrastructure.jsonl")!.utf8.dropLast())
            guard case .object(let fields)? = entity["entity"] else { Issue.record("no entity"); return }
            #expect(fields["name"] == .string("Worker Session: infrastructure"))
            #expect(fields["number"] == .integer(3))
            #expect(fields["agent"] == .string("worker-3-infrastructure"))
            #expect(fields["goal"] == .string("Implement authentication feature"))
            #expect(fields["template"] == .string("worker-brief@1"))
            let read = try CoordBinary.run(["read"], in: board.root, environment: env)
            #expect(read.standardOutput.hasSuffix(
                "- [08:00] lead: Launched 3 workers (backend-api, frontend-ui, infrastructure) for: Implement authentication feature\n"))
        }
    }

    @Test func aRepeatedLaunchIsRefusedUntilForced() throws {
        try TemporaryBoard.with { board in
            #expect(try launch(board).status == 0)
            let before = try fileTree(board.root)
            let refused = try launch(board)
            #expect(refused.status == 4)
            #expect(refused.standardError.contains("Refusing to overwrite .coordination/workers/backend-api.jsonl"))
            #expect(refused.standardError.contains("pass --force"))
            #expect(try fileTree(board.root) == before)
            let forced = try launch(board, ["--force"])
            #expect(forced.status == 0, "\(forced.standardError)")
            #expect(forced.standardOutput.contains("replaced .agents/briefs/worker-1-backend-api.md"))
            #expect(board.contents("workers/backend-api.jsonl")?.split(separator: "\n").count == 2)
        }
    }

    @Test(arguments: [
        ["--domains", "../x"], ["--domains", "ok,../../escape"], ["--domains", "a\nb"], ["--domains", "fine,evil\nname"],
        ["--domains", "a,a"], ["--domains", ""], ["--domains", ".hidden"], ["--domains", "a/b"], ["--workers", "2", "--domains", "a"],
        ["--domains", "a", "--observer-dir", "missing-folder"],
    ])
    func invalidLaunchesWriteNothingAnywhere(_ flags: [String]) throws {
        let scratch = try TemporaryBoard(initialise: false)
        let workspace = scratch.root + "/ws"
        #expect(try Subprocess.run(["/bin/mkdir", workspace]).status == 0)
        #expect(try CoordBinary.run(["init", "-C", workspace], in: scratch.root, environment: env).status == 0)
        let before = try fileTree(scratch.root)
        let result = try CoordBinary.run(["launch", "-C", "ws", "--goal", "G"] + flags, in: scratch.root, environment: env)
        #expect(result.status == 64, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1 || result.standardError.contains("Usage:"))
        #expect(try fileTree(scratch.root) == before)
    }

    @Test func withoutFlagsAndWithoutATerminalLaunchNamesThemAndExits64() throws {
        try TemporaryBoard.with { board in
            let result = try CoordBinary.run(["launch"], in: board.root, environment: env)
            #expect(result.status == 64)
            #expect(result.standardError == "coord: Missing --domains and --goal; pass them, for example: coord launch --workers 3 --domains backend-api,frontend-ui,infrastructure --goal \"Implement authentication feature\".\n")
            let goalOnly = try CoordBinary.run(["launch", "--domains", "a,b"], in: board.root, environment: env)
            #expect(goalOnly.status == 64)
            #expect(goalOnly.standardError.contains("Missing --goal; pass it"))
            #expect(!FileBytes.exists(board.root + "/.agents"))
        }
    }

    @Test func briefNumbersNewWorkersAfterTheOthers() throws {
        try TemporaryBoard.with { board in
            #expect(try launch(board).status == 0)
            let fourth = try CoordBinary.run(["brief", "--domain", "monitoring", "--goal", "Metrics and alerting"], in: board.root, environment: env)
            #expect(fourth.status == 0, "\(fourth.standardError)")
            #expect(FileBytes.exists(board.root + "/.agents/briefs/worker-4-monitoring.md"))
            let ninth = try CoordBinary.run(["brief", "--domain", "docs", "--number", "9"], in: board.root, environment: env)
            #expect(ninth.status == 0)
            #expect(FileBytes.exists(board.root + "/.agents/briefs/worker-9-docs.md"))
            let tenth = try CoordBinary.run(["brief", "--domain", "qa", "--json"], in: board.root, environment: env)
            let report = try BoardJSON.decode(LaunchReport.self, from: Array(tenth.standardOutput.utf8))
            #expect(report.workers.map(\.number) == [10])
            #expect(report.workers[0].goal == "Implement authentication feature")
            let taken = try CoordBinary.run(["brief", "--domain", "late", "--number", "2"], in: board.root, environment: env)
            #expect(taken.status == 4)
            #expect(taken.standardError.contains("taken by 'frontend-ui'"))
            let bad = try CoordBinary.run(["brief", "--domain", "../x", "--goal", "g"], in: board.root, environment: env)
            #expect(bad.status == 64)
        }
    }

    @Test func renderedBriefsMatchTheGoldenFiles() throws {
        try TemporaryBoard.with { board in
            #expect(try launch(board).status == 0)
            let later = env.merging(["COORD_NOW": "2026-11-20T11:30:00+01:00"]) { $1 }
            _ = try CoordBinary.run(["worker", "update", "--blocker", "need users table"], in: board.root,
                                    environment: later.merging(["COORD_AGENT": "worker-1-backend-api"]) { $1 })
            let brief = try CoordBinary.run(["brief", "--domain", "monitoring", "--goal", "Metrics & alerting for <auth>"],
                                            in: board.root, environment: later)
            #expect(brief.status == 0, "\(brief.standardError)")
            func rendered(_ name: String) -> String {
                let text = FileBytes.read(board.root + "/.agents/briefs/" + name).map { String(decoding: $0, as: UTF8.self) } ?? ""
                return text.replacingAll(board.root, with: "/WORKSPACE")
            }
            Golden.check(rendered("worker-1-backend-api.md"), "briefs/worker-1-backend-api.md")
            Golden.check(rendered("meta-observer-20261120-080000.md"), "briefs/meta-observer.md")
            Golden.check(rendered("worker-4-monitoring.md"), "briefs/worker-4-monitoring.md")
        }
    }

    @Test func coordRenderIsFoundThroughCOORD_RENDERAndItsAbsenceWritesNothing() throws {
        try TemporaryBoard.with { board in
            let before = try fileTree(board.root)
            let missing = try CoordBinary.run(["launch", "--domains", "api", "--goal", "G"], in: board.root,
                                              environment: env.merging(["COORD_RENDER": "/nonexistent/coord-render"]) { $1 })
            #expect(missing.status == 1)
            #expect(missing.standardError.contains("coord-render, which writes briefs, was not found at '/nonexistent/coord-render'"))
            #expect(try fileTree(board.root) == before)
            let explicit = try CoordBinary.run(["launch", "--domains", "api", "--goal", "G"], in: board.root,
                                               environment: env.merging(["COORD_RENDER": CoordBinary.buildFolder + "/coord-render"]) { $1 })
            #expect(explicit.status == 0, "\(explicit.standardError)")
        }
    }

    @Test func coordRenderPrintsAndRendersTemplatesForPeople() throws {
        let render = CoordBinary.buildFolder + "/coord-render"
        let printed = try Subprocess.run([render, "--print", "observer-brief"])
        #expect(printed.status == 0)
        #expect(printed.standardOutput.hasPrefix("{{% CONTENT_TYPE: TEXT}}\n<!-- coord observer brief"))
        let rendered = try Subprocess.run([render, "worker-brief"], input: Array(#"{"worker":{"number":2,"domain":"ui","agent":"worker-2-ui","entity":"Worker Session: ui","goal":"G","brief":"b.md"},"workspace":"/w","workspace_shell":"/w","others":[],"rendered":"now","context_limit":40}"#.utf8))
        #expect(rendered.status == 0, "\(rendered.standardError)")
        #expect(rendered.standardOutput.contains("export COORD_AGENT=worker-2-ui"))
        #expect(rendered.standardOutput.contains("You are the only worker for now"))
        let bad = try Subprocess.run([render, "worker-brief"], input: Array("not json".utf8))
        #expect(bad.status == 1)
        #expect(bad.standardError.hasPrefix("coord-render: standard input is not the expected JSON"))
    }

    @Test func coordItselfDoesNotLinkMustacheOrFoundation() throws {
        let strings = try Subprocess.run(["/bin/sh", "-c", "grep -c -a -e MustacheTemplate -e libFoundation.so -e 'Foundation/NSString' \(Subprocess.shellQuote(CoordBinary.fastest)) || true"])
        #expect(strings.standardOutput == "0\n")
        let render = try Subprocess.run(["/bin/sh", "-c", "grep -c -a MustacheTemplate \(Subprocess.shellQuote(CoordBinary.buildFolder + "/coord-render")) || true"])
        #expect(render.standardOutput != "0\n")
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        return split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

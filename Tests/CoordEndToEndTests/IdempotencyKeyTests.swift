import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `--key K`: a retry after an unclear failure repeats nothing.
@Suite struct IdempotencyKeyTests {
    static let now = ["COORD_NOW": "2026-11-21T09:30:00Z"]

    static func coord(_ arguments: [String], _ board: TemporaryBoard, as agent: String = "alice",
                      now: String = "2026-11-21T09:30:00Z") throws -> ProcessResult {
        try CoordBinary.run(arguments, in: board.root, environment: ["COORD_AGENT": agent, "COORD_NOW": now])
    }

    /// Every file of the board (`.state/` and `.lock` excluded), by name.
    static func snapshot(_ board: TemporaryBoard) throws -> [String: [UInt8]] {
        let listing = try Subprocess.run(["/usr/bin/find", ".", "-type", "f", "-not", "-path", "./.state/*", "-not", "-name", ".lock"],
                                         directory: board.boardPath)
        var files: [String: [UInt8]] = [:]
        for name in listing.standardOutput.split(separator: "\n") {
            files[String(name)] = FileBytes.read(board.boardPath + "/" + name)
        }
        return files
    }

    /// Every keyed command, run once more with the same key later the same day:
    /// exit 0, the same output, a note on stderr, and not one byte written.
    @Test func aRetriedCallWritesNothingAndPrintsTheSameResult() throws {
        let board = try TemporaryBoard()
        #expect(try Self.coord(["launch", "--workers", "2", "--domains", "api,web", "--goal", "Ship"], board, as: "lead").status == 0)
        let calls: [(agent: String, arguments: [String])] = [
            ("alice", ["post", "--json", "--key", "p-1", "deploy started"]),
            ("alice", ["post", "--lines", "--json", "--key", "p-2"]),
            ("alice", ["lock", "src/db/", "docs/", "--intent", "migration", "--json", "--key", "l-1"]),
            ("alice", ["decide", "Use Postgres", "--context", "storage", "--rationale", "it is there", "--json", "--key", "d-1"]),
            ("alice", ["task", "add", "write the parser", "--json", "--key", "t-1"]),
            ("worker-1-api", ["worker", "update", "--note", "halfway", "--json", "--key", "u-1"]),
            ("worker-1-api", ["worker", "handoff", "--to", "web", "--note", "schema ready", "--json", "--key", "h-1"]),
            ("worker-2-web", ["worker", "done", "--report", "shipped", "--json", "--key", "w-1"]),
        ]
        for call in calls {
            let input = call.arguments.contains("--lines") ? "one\ntwo\n" : ""
            let env = ["COORD_AGENT": call.agent, "COORD_NOW": "2026-11-21T09:30:00Z"]
            let first = try CoordBinary.run(call.arguments, in: board.root, environment: env, input: input)
            #expect(first.status == 0, "\(call.arguments): \(first.standardError)")
            #expect(!first.standardError.contains("note:"), "\(call.arguments)")
            let before = try Self.snapshot(board)
            // The retry comes two hours later: still the same result.
            let later = ["COORD_AGENT": call.agent, "COORD_NOW": "2026-11-21T11:30:00Z"]
            let again = try CoordBinary.run(call.arguments, in: board.root, environment: later, input: input)
            #expect(again.status == 0, "\(call.arguments): \(again.standardError)")
            #expect(again.standardError.contains("coord: note: --key"), "\(call.arguments): \(again.standardError)")
            #expect(try Self.snapshot(board) == before, "\(call.arguments) wrote on a repeat")
            // The same result; only the moment of the call ("now", and a lock's time left) differs.
            let timeless = { (text: String) in
                text.split(separator: "\n").filter { line in !["\"now\"", "\"remaining_seconds\"", "\"state\""].contains { line.contains($0) } }
            }
            #expect(timeless(again.standardOutput) == timeless(first.standardOutput), "\(call.arguments)")
            #expect(!first.standardOutput.isEmpty, "\(call.arguments)")
        }
        // The bulletin carries each keyed post's key in coord's mark, and stays readable.
        let bulletin = board.contents("BULLETIN.md") ?? ""
        #expect(bulletin.contains("- [09:30] alice: deploy started <!-- coord key=p-1 -->\n"))
        #expect(bulletin.components(separatedBy: "key=p-2").count == 3)
    }

    /// A key is the agent's own: another agent's identical key is a new call.
    @Test func differentAgentsKeysDoNotCollide() throws {
        let board = try TemporaryBoard()
        for agent in ["alice", "bob"] {
            let result = try Self.coord(["decide", "Use Postgres", "--context", "c", "--rationale", "r", "--key", "same"], board, as: agent)
            #expect(result.status == 0 && !result.standardError.contains("note:"), "\(agent): \(result.standardError)")
            let post = try Self.coord(["post", "--key", "same", "hello from \(agent)"], board, as: agent)
            #expect(post.status == 0 && !post.standardError.contains("note:"), "\(agent): \(post.standardError)")
        }
        let list = try Self.coord(["decisions", "--json"], board)
        #expect(list.standardOutput.contains("ADR-002"))
        let read = try JSONLines.objects(try Self.coord(["read", "--json"], board).standardOutput).compactMap { $0.string("message") }
        #expect(read == ["decided ADR-001: Use Postgres", "hello from alice", "decided ADR-002: Use Postgres", "hello from bob"])
    }

    /// A key is remembered for a day: a retry after that is a new call.
    @Test func aKeyIsRememberedForADay() throws {
        let board = try TemporaryBoard()
        #expect(try Self.coord(["task", "add", "first", "--key", "k"], board).standardOutput == "T-001\n")
        #expect(try Self.coord(["task", "add", "first", "--key", "k"], board, now: "2026-11-22T09:29:00Z").standardOutput == "T-001\n")
        #expect(try Self.coord(["task", "add", "first", "--key", "k"], board, now: "2026-11-22T09:31:00Z").standardOutput == "T-002\n")
        let refused = try Self.coord(["post", "--key", "not a key", "x"], board)
        #expect(refused.status == 64 && refused.standardError.contains("is not a key"), "\(refused.standardError)")
    }

    /// Several real processes retry the same keyed call at once: exactly one commits.
    @Test(arguments: [
        ["post", "--key", "race", "--json", "deploy started"],
        ["decide", "Use Postgres", "--context", "c", "--rationale", "r", "--key", "race"],
        ["lock", "src/", "--intent", "race", "--key", "race", "--json"],
        ["task", "add", "write the parser", "--key", "race"],
    ])
    func concurrentSameKeyCallsCommitExactlyOnce(arguments: [String]) throws {
        let board = try TemporaryBoard()
        let environment = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]
        let running = try (0 ..< 8).map { _ in try CoordBinary.start(arguments, in: board.root, environment: environment) }
        let results = running.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.standardError)") }
        #expect(Set(results.map(\.standardOutput)).count == 1, "\(results.map(\.standardOutput))")
        #expect(results.filter { !$0.standardError.contains("note:") }.count == 1, "exactly one call was not a repeat")
        let lines = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("- [") }
        #expect(lines.count == 1, "\(lines)")
        for journal in ["decisions.jsonl", "tasks.jsonl"] {
            let records = (board.contents(journal) ?? "").split(separator: "\n")
            #expect(records.count <= 1, "\(journal): \(records)")
        }
        let grants = (board.contents("locks.jsonl") ?? "").split(separator: "\n").filter { $0.contains("\"acquire\"") }
        #expect(grants.count == (arguments[0] == "lock" ? 1 : 0))
    }
}

/// The "by hand" marks come from the bulletin itself.
@Suite struct HandMarkTests {
    static let env = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]

    static func read(_ root: String) throws -> String {
        let result = try CoordBinary.run(["read", "--json", "--limit", "0"], in: root, environment: env)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test func aFreshCopyOfABoardShowsTheSameMarks() throws {
        let board = try TemporaryBoard()
        board.appendRaw("BULLETIN.md", Array("- [2026-11-21 03:00] nightly: before the first post\n".utf8))
        #expect(try CoordBinary.run(["post", "first"], in: board.root, environment: Self.env).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [12:00] a: m\n".utf8))
        #expect(try CoordBinary.run(["post", "second"], in: board.root, environment: Self.env).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [09:31] cron: CRLF\r\n- [09:32] ed: ends like a comment <!-- x -->\n".utf8))
        let original = try Self.read(board.root)
        let hand = try JSONLines.objects(original).filter { $0.bool("by_hand") == true }.compactMap { $0.string("agent") }
        #expect(hand == ["nightly", "a", "cron", "ed"])

        // A clone carries .coordination without .state (it is in .gitignore).
        let copy = try TemporaryBoard()
        _ = try Subprocess.run(["/bin/rm", "-rf", copy.boardPath])
        _ = try Subprocess.run(["/bin/cp", "-a", board.boardPath, copy.boardPath])
        _ = try Subprocess.run(["/bin/rm", "-rf", copy.boardPath + "/.state"])
        #expect(try Self.read(copy.root) == original)
        // So does the original once its cache is damaged or lost.
        FileBytes.write(board.path(".state/bulletin.idx"), Array("garbage\n".utf8))
        #expect(try Self.read(board.root) == original)
    }

    /// The index remembers a bounded number of days; reads of older days are
    /// still right, and a board without the index agrees with it.
    @Test func theIndexStaysBoundedAndOlderDaysReadTheSame() throws {
        let board = try TemporaryBoard()
        var day = CivilDate(year: 2026, month: 1, day: 1)
        for number in 0 ..< 80 {
            let env = ["COORD_AGENT": "alice", "COORD_NOW": "\(day)T10:00:00Z"]
            #expect(try CoordBinary.run(["post", "day \(number)"], in: board.root, environment: env).status == 0)
            if number % 10 == 0 { board.appendRaw("BULLETIN.md", Array("- [11:00] cron: undated on day \(number)\n".utf8)) }
            day = day.adding(days: 1)
        }
        let index = board.contents(".state/bulletin.idx") ?? ""
        #expect(index.split(separator: "\n").filter { $0.hasPrefix("day ") }.count == 62)
        let env = ["COORD_AGENT": "alice", "COORD_NOW": "\(day)T10:00:00Z"]
        let queries = [["--date", "2026-01-01"], ["--date", "2026-01-11"], ["--since", "2026-03-01"], ["--since", "2026-01-05"], []]
        func answers() throws -> [String] {
            try queries.map { query in
                let result = try CoordBinary.run(["read", "--json", "--limit", "0"] + query, in: board.root, environment: env)
                #expect(result.status == 0, "\(result.standardError)")
                return result.standardOutput
            }
        }
        let withIndex = try answers()
        #expect(withIndex[0].contains("undated on day 0") && withIndex[0].contains("\"day 0\""))
        #expect(withIndex[1].contains("undated on day 10"))
        _ = try Subprocess.run(["/bin/rm", "-rf", board.boardPath + "/.state"])
        #expect(try answers() == withIndex)
    }
}

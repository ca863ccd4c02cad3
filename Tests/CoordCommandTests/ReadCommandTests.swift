import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

@Suite struct ReadCommandTests {
    /// A board with four entries over two days; "now" is 2026-11-21 09:00 UTC.
    func boardWithHistory() throws -> TemporaryBoard {
        let board = try TemporaryBoard()
        for (instant, agent, message) in [
            ("2026-11-20T22:00:00Z", "alice", "old news"),
            ("2026-11-21T07:00:00Z", "bob", "early start"),
            ("2026-11-21T08:45:00Z", "alice", "deploy v1"),
            ("2026-11-21T09:00:00Z", "carol", "Deploy v2 done"),
        ] {
            board.clock = .fixed(TestTime.at(instant))
            try Bulletin(try board.workspace()).post(message, as: AgentName(agent))
        }
        return board
    }

    func messages(_ arguments: [String], on board: TemporaryBoard) throws -> [String] {
        let (context, status) = try runCommand(["read", "--json"] + arguments, on: board)
        #expect(status == 0, "\(context.errorText)")
        return try JSONLines.objects(context.outputText).compactMap { $0.string("message") }
    }

    @Test(arguments: [
        (["--since", "90m"], ["deploy v1", "Deploy v2 done"]),
        (["--since", "2h"], ["early start", "deploy v1", "Deploy v2 done"]),
        (["--since", "1d"], ["old news", "early start", "deploy v1", "Deploy v2 done"]),
        (["--since", "2026-11-21"], ["early start", "deploy v1", "Deploy v2 done"]),
        (["--since", "2026-11-21T08:45"], ["deploy v1", "Deploy v2 done"]),
        (["--since", "2026-11-21T08:45:01Z"], ["Deploy v2 done"]),
        (["--since", "2026-11-21T19:00:00+11:00"], ["deploy v1", "Deploy v2 done"]),
        (["--date", "2026-11-20"], ["old news"]),
        (["--date", "2026-11-19"], []),
        (["--agent", "alice"], ["old news", "deploy v1"]),
        (["--agent", "nobody"], []),
        (["--grep", "DEPLOY"], ["deploy v1", "Deploy v2 done"]),
        (["--grep", "v2", "--agent", "alice"], []),
        (["--limit", "2"], ["deploy v1", "Deploy v2 done"]),
        (["--limit", "1", "--agent", "alice"], ["deploy v1"]),
        (["--since", "1d", "--date", "2026-11-21", "--grep", "start"], ["early start"]),
    ])
    func filters(_ arguments: [String], _ expected: [String]) throws {
        let board = try boardWithHistory()
        #expect(try messages(arguments, on: board) == expected)
    }

    @Test func theDefaultLimitIsOneHundredAndZeroMeansAll() throws {
        let board = try TemporaryBoard()
        try Bulletin(try board.workspace()).post((1 ... 150).map { "entry \($0)" }, as: AgentName("bulk"))
        let bounded = try messages([], on: board)
        #expect(bounded.count == 100)
        #expect(bounded.first == "entry 51")
        #expect(bounded.last == "entry 150")
        #expect(try messages(["--limit", "0"], on: board).count == 150)
    }

    @Test func textOutputGroupsByDayAndEscapesMessages() throws {
        let board = try boardWithHistory()
        try Bulletin(try board.workspace()).post("two\nlines", as: AgentName("dave"))
        let (context, status) = try runCommand(["read", "--since", "1d"], on: board)
        #expect(status == 0)
        #expect(context.outputText == """
            ## 2026-11-20
            - [22:00] alice: old news
            ## 2026-11-21
            - [07:00] bob: early start
            - [08:45] alice: deploy v1
            - [09:00] carol: Deploy v2 done
            - [09:00] dave: two\\nlines

            """)
    }

    @Test func jsonCarriesTheVersionedShape() throws {
        let board = try boardWithHistory()
        let (context, _) = try runCommand(["read", "--json", "--limit", "1"], on: board)
        #expect(context.outputText == #"{"agent":"carol","by_hand":false,"date":"2026-11-21","message":"Deploy v2 done","time":"2026-11-21T09:00:00.000Z","version":2}"# + "\n")
    }

    @Test(arguments: [
        (["--since", "soon"], "'soon' is not a duration or a date"),
        (["--date", "2026-02-30"], "'2026-02-30' is not a date; use YYYY-MM-DD"),
        (["--limit=-1"], "--limit takes 0 (no limit) or a positive number"),
    ])
    func badFiltersAreUsageErrors(_ arguments: [String], _ message: String) throws {
        let board = try boardWithHistory()
        let (context, status) = try runCommand(["read"] + arguments, on: board)
        #expect(status == ExitStatus.usage)
        // Flag checks in validate() are reported by swift-argument-parser itself.
        var shown = context.errorText
        if shown.isEmpty {
            do { _ = try Coord.parseAsRoot(["read"] + arguments) } catch { shown = Coord.message(for: error) }
        }
        #expect(shown.contains(message), "\(shown)")
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

@Suite struct LockCommandTests {
    @Test(arguments: [
        ["lock", "src", "--intent", "x", "--ttl", "soon"],
        ["lock", "src"],
        ["lock", "--intent", "x"],
        ["unlock", "src", "--force"],
        ["unlock", "src", "--reason", "why"],
        ["unlock"],
        ["unlock", "--all", "src"],
        ["run", "--lock", "src"],
        ["run", "--", "true"],
        ["check"],
        ["renew", "--ttl", "forever"],
    ])
    func refusesIncompleteCommandLines(_ arguments: [String]) throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(arguments, on: board, variables: ["COORD_AGENT": "alice"])
            #expect(status == ExitStatus.usage)
        }
    }

    @Test func refusesAnUnusableTTLOrPath() throws {
        try TemporaryBoard.with { board in
            let (tooLong, status) = try runCommand(["lock", "src", "--intent", "x", "--ttl", "30d"], on: board,
                                                   variables: ["COORD_AGENT": "alice"])
            #expect(status == ExitStatus.usage)
            #expect(tooLong.errorText.contains("between 1s and 7d"))
            let (badPath, pathStatus) = try runCommand(["lock", "a\nb", "--intent", "x"], on: board, variables: ["COORD_AGENT": "alice"])
            #expect(pathStatus == ExitStatus.usage)
            #expect(badPath.errorText.contains("control character"))
        }
    }

    @Test func locksListsRemainingTimeAndTheGracePeriod() throws {
        try TemporaryBoard.with { board in
            let alice = ["COORD_AGENT": "alice"]
            _ = try runCommand(["lock", "src/auth/", "--intent", "token refresh", "--ttl", "10m"], on: board, variables: alice)
            _ = try runCommand(["lock", "docs", "--intent", "api docs\nsecond line"], on: board, variables: ["COORD_AGENT": "bob"])
            board.clock = .fixed(TestTime.morning.addingTimeInterval(610))
            let (context, status) = try runCommand(["locks"], on: board)
            #expect(status == 0)
            #expect(context.outputText == """
                TOKEN  PATH      HOLDER  SINCE  UNTIL                                      INTENT
                2      docs      bob     09:00  11:00 (1h49m left)                         api docs\\nsecond line
                1      src/auth  alice   09:00  09:10 (expired 10s ago, free at 09:10:30)  token refresh

                """)
        }
    }

    @Test func unlockAllReleasesOnlyYourLocks() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(["lock", "a", "b", "--intent", "x"], on: board, variables: ["COORD_AGENT": "alice"])
            _ = try runCommand(["lock", "c", "--intent", "y"], on: board, variables: ["COORD_AGENT": "bob"])
            let (context, status) = try runCommand(["unlock", "--all", "--quiet"], on: board, variables: ["COORD_AGENT": "alice"])
            #expect(status == 0)
            #expect(context.outputText == "unlocked a (token 1)\nunlocked b (token 1)\n")
            let left = try Locks(try board.workspace()).current().grants
            #expect(left.map(\.holder) == ["bob"])
        }
    }

    /// Every command that takes a --ttl or --wait refuses a value that is not a
    /// duration with the same one-sentence usage error (exit 64).
    @Test(arguments: [
        (["lock", "src/a.swift", "--intent", "x", "--ttl", "soon"], "--ttl"),
        (["lock", "src/a.swift", "--intent", "x", "--wait", "soon"], "--wait"),
        (["renew", "--ttl", "soon"], "--ttl"),
        (["task", "renew", "T-001", "--ttl", "soon"], "--ttl"),
    ])
    func aValueThatIsNotADurationIsAUsageError(_ arguments: [String], _ flag: String) throws {
        let error = try #require(throws: (any Error).self) { try Coord.parseAsRoot(arguments) }
        #expect(Coord.message(for: error) == "\(flag) takes a duration such as 90s, 45m or 2h, not 'soon'.")
        #expect(Coord.exitCode(for: error).rawValue == ExitStatus.usage)
    }
}

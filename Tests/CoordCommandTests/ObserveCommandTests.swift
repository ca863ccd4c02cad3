import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

@Suite struct ObserveCommandTests {
    @Test func quietPrintsNothingWhenNothingOpenedOrCleared() throws {
        try TemporaryBoard.with { board in
            let (first, status) = try runCommand(["observe", "--quiet"], on: board)
            #expect(status == 0)
            #expect(first.outputText == "")
            let (loud, _) = try runCommand(["observe"], on: board)
            #expect(loud.outputText.hasPrefix("Pass 2 at 09:00 (previous 09:00): 0 new events, 0 problems open, no intervention."))
        }
    }

    @Test func theFirstPassSaysItStartsFromHere() throws {
        try TemporaryBoard.with { board in
            let (context, _) = try runCommand(["observe"], on: board)
            #expect(context.outputText.hasPrefix("First observer pass at 2026-11-21 09:00: watching the board from here on;"))
        }
    }

    @Test func statusOnAnEmptyBoardListsEverySection() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["status"], on: board)
            #expect(status == 0)
            #expect(context.outputText == """
                No goal recorded · no workers · 2026-11-21 09:00 UTC
                Workers: none (coord launch starts some)
                Locks: none live
                Blockers: none
                Decisions: none awaiting approval or acknowledgement
                Bulletin: empty

                """)
        }
    }

    @Test func statusRefusesABadEntryCount() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["status", "--entries", "500"], on: board)
            #expect(status == ExitStatus.usage)
            _ = context
        }
    }

    @Test func aDamagedCursorIsReportedWithTheFix() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(["observe"], on: board)
            FileBytes.write(board.path("observer/cursor.json"), Array("{not json".utf8))
            let (context, status) = try runCommand(["observe"], on: board)
            #expect(status == ExitStatus.failure)
            #expect(context.errorText.contains("cursor.json"))
            #expect(context.errorText.contains("delete it"))
        }
    }

    @Test func aCursorFromANewerCoordIsRefused() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(["observe"], on: board)
            FileBytes.write(board.path("observer/cursor.json"), Array("{\"v\":2,\"passes\":1}".utf8))
            let (context, status) = try runCommand(["observe"], on: board)
            #expect(status == ExitStatus.failure)
            #expect(context.errorText.contains("supported up to 1"))
        }
    }

    @Test func unknownCursorFieldsSurviveAPass() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(["observe"], on: board)
            FileBytes.write(board.path("observer/cursor.json"), Array("{\"v\":1,\"passes\":1,\"future\":{\"x\":1}}".utf8))
            let (_, status) = try runCommand(["observe"], on: board)
            #expect(status == 0)
            let cursor = try #require(board.contents("observer/cursor.json"))
            #expect(cursor.contains("\"future\""))
            #expect(cursor.contains("\"passes\" : 2"))
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

/// Runs a coord command in process against `board`, returning the context with its output.
func runCommand(_ arguments: [String], on board: TemporaryBoard, variables: [String: String] = [:],
                input: String? = nil) throws -> (CommandContext, Int32) {
    let context = CommandContext(environment: board.environment(variables), input: input.map { Array($0.utf8) })
    do {
        var command = try Coord.parseAsRoot(arguments)
        guard let boardCommand = command as? any BoardCommand else {
            try command.run()
            return (context, 0)
        }
        try boardCommand.execute(in: context)
        return (context, 0)
    } catch let error as CoordError {
        context.printError("coord: \(error.message)")
        return (context, error.exitStatus)
    } catch {
        return (context, Coord.exitCode(for: error).rawValue)
    }
}

@Suite struct PostCommandTests {
    @Test func postsAsTheEnvironmentAgent() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["post", "deployed", "v2"], on: board, variables: ["COORD_AGENT": "ci"])
            #expect(status == 0)
            let (read, _) = try runCommand(["read"], on: board)
            #expect(read.outputText == "## 2026-11-21\n- [09:00] ci: deployed v2\n")
        }
    }

    @Test func readsTheMessageFromStandardInput() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["post", "-", "--as", "bot"], on: board, input: "two\nlines\n")
            #expect(status == 0)
            let entries = try Bulletin(try board.workspace()).read(BulletinQuery())
            #expect(entries.map(\.message) == ["two\nlines"])
        }
    }

    @Test func refusesAnAgentNameThatWouldBreakTheLine() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["post", "x", "--as", "evil]: me"], on: board)
            #expect(status == ExitStatus.usage)
            #expect(context.errorText.contains("agent name"))
            #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).isEmpty)
        }
    }
}

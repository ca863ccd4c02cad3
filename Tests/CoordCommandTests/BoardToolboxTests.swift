import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@testable import coord

/// The board profile's tools in process: each runs its command with --json.
@Suite struct BoardToolboxTests {
    @Test func aToolCallRunsTheCommandAsTheCaller() throws {
        try TemporaryBoard.with { board in
            let toolbox = BoardToolbox(environment: board.environment(), workspace: nil)
            let result = try toolbox.call("post", arguments: ["message": .string("--all is a message")], as: try AgentName("alice"))
            #expect(!result.isError)
            #expect(result.structured?["agent"] == .string("alice"))
            #expect(result.structured?["message"] == .string("--all is a message"))
            let entries = try Bulletin(try board.workspace()).read(BulletinQuery())
            #expect(entries.map(\.message) == ["--all is a message"])
        }
    }

    @Test func aDomainFailureIsAnErrorResultWithTheCommandsMessageAndStatus() throws {
        try TemporaryBoard.with { board in
            let toolbox = BoardToolbox(environment: board.environment(), workspace: nil)
            let result = try toolbox.call("unlock", arguments: ["paths": .array([.string("src")])], as: try AgentName("bob"))
            #expect(result.isError)
            #expect(result.text.hasPrefix("src is not locked"))
            #expect(result.structured?["error"]?["exit_status"] == .integer(Int64(ExitStatus.notFound)))
        }
    }

    @Test func everyToolMapsEachArgumentToTheCommandLine() {
        let lock = BoardToolCatalog.all.first { $0.name == "lock" }!
        let line = lock.commandLine([
            "paths": .array([.string("-rf"), .string("src")]), "intent": .string("x y"),
            "quiet": .bool(true), "ttl": .string("1h"),
        ])
        #expect(line == ["lock", "--json", "--intent=x y", "--ttl=1h", "--quiet", "--", "-rf", "src"])
        #expect(Set(BoardToolCatalog.all.map(\.name)).count == BoardToolCatalog.all.count)
    }
}

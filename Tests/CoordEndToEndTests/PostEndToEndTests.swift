import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct PostEndToEndTests {
    @Test func readJSONReturnsWhatPostWrote() throws {
        try TemporaryBoard.with { board in
            let env = ["COORD_AGENT": "e2e", "COORD_NOW": "2026-11-21T09:30:00Z"]
            let message = "multi\nline \u{1B}[1mbold\u{1B}[0m \u{2028} end"
            let post = try CoordBinary.run(["post", message], in: board.root, environment: env)
            #expect(post.status == 0, "\(post.standardError)")
            let read = try CoordBinary.run(["read", "--json"], in: board.root, environment: env)
            #expect(read.status == 0)
            let entry = try BoardJSON.decode([String: JSONValue].self, from: Array(read.standardOutput.utf8.dropLast()))
            #expect(entry["message"]?.stringValue == message)
            #expect(entry["agent"]?.stringValue == "e2e")
            #expect(entry["time"]?.stringValue == "2026-11-21T09:30:00.000Z")
        }
    }

    @Test func outsideAWorkspaceSaysToRunInit() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let result = try CoordBinary.run(["read"], in: scratch.root)
        #expect(result.status == 1)
        #expect(result.standardError.contains("run 'coord init'"))
    }
}

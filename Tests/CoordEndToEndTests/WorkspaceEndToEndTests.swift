import CoordStorage
import CoordTestSupport
import CoordinationKit
import Glibc
import Testing

/// Finding the board, creating it, and refusing boards from the future.
@Suite struct WorkspaceEndToEndTests {
    let environment = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]

    @Test func outsideAWorkspaceEveryCommandSaysToRunInit() throws {
        let scratch = try TemporaryBoard(initialise: false)
        for arguments in [["post", "hello"], ["read"], ["doctor"], ["read", "--follow"]] {
            let result = try CoordBinary.run(arguments, in: scratch.root, environment: environment)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError == "coord: No .coordination/ folder was found in '\(scratch.root)' or any folder above it; run 'coord init' at the workspace root, or pass -C DIR.\n")
            #expect(result.standardOutput.isEmpty)
        }
        #expect(!FileBytes.exists(scratch.boardPath))
    }

    @Test func discoveryWalksUpFromASubfolder() throws {
        let board = try TemporaryBoard()
        let deep = board.root + "/src/module/deep"
        #expect(try Subprocess.run(["/bin/mkdir", "-p", deep]).status == 0)
        #expect(try CoordBinary.run(["post", "from deep down"], in: deep, environment: environment).status == 0)
        let read = try CoordBinary.run(["read", "--json"], in: board.root, environment: environment)
        #expect(try JSONLines.objects(read.standardOutput).map { $0.string("message") } == ["from deep down"])
    }

    @Test func dashCAndCOORD_WORKSPACEPointAtABoardFromAnywhere() throws {
        let board = try TemporaryBoard()
        let elsewhere = try TemporaryBoard(initialise: false)
        #expect(try CoordBinary.run(["post", "via -C", "-C", board.root], in: elsewhere.root, environment: environment).status == 0)
        var variables = environment
        variables["COORD_WORKSPACE"] = board.root
        #expect(try CoordBinary.run(["post", "via the environment"], in: elsewhere.root, environment: variables).status == 0)
        // -C may also name the board folder itself, and wins over COORD_WORKSPACE.
        variables["COORD_WORKSPACE"] = elsewhere.root
        let read = try CoordBinary.run(["read", "--json", "-C", board.boardPath], in: "/", environment: variables)
        #expect(read.status == 0, "\(read.standardError)")
        #expect(try JSONLines.objects(read.standardOutput).map { $0.string("message") } == ["via -C", "via the environment"])
        #expect(!FileBytes.exists(elsewhere.boardPath))

        let missing = try CoordBinary.run(["read", "-C", board.root + "/nope"], in: board.root, environment: environment)
        #expect(missing.status == 64)
        #expect(missing.standardError.contains("'\(board.root)/nope' does not exist"))
    }

    @Test func initIsIdempotentAndUnionMergesOnlyTheBulletin() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let first = try CoordBinary.run(["init", "--timezone", "Europe/Berlin"], in: scratch.root, environment: environment)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("created BULLETIN.md"))
        let names = ["board.json", "BULLETIN.md", ".gitattributes", ".gitignore"]
        let snapshot = names.map { scratch.contents($0) }

        let again = try CoordBinary.run(["init"], in: scratch.root, environment: ["COORD_NOW": "2027-01-01T00:00:00Z"])
        #expect(again.status == 0)
        #expect(again.standardOutput == "Board already initialised at \(scratch.boardPath); nothing to create.\n")
        #expect(names.map { scratch.contents($0) } == snapshot)

        let rules = (scratch.contents(".gitattributes") ?? "").split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(rules.contains("BULLETIN.md merge=union"))
        #expect(!rules.contains { $0.contains("locks") || $0.contains("decisions") })
        #expect(scratch.contents("board.json")?.contains("\"timezone\" : \"Europe/Berlin\"") == true)

        // A different zone for an existing board is refused rather than silently ignored.
        let clash = try CoordBinary.run(["init", "--timezone", "UTC"], in: scratch.root, environment: environment)
        #expect(clash.status == 64)
        #expect(clash.standardError.contains("already records the time zone Europe/Berlin"))
    }

    @Test func aBoardOfANewerFormatIsRefused() throws {
        let board = try TemporaryBoard()
        FileBytes.write(board.path("board.json"), Array(#"{"format": 2, "timezone": "UTC", "created": "2030-01-01T00:00:00.000Z"}"#.utf8))
        let before = board.contents("BULLETIN.md")
        for arguments in [["post", "hello"], ["read"], ["doctor"]] {
            let result = try CoordBinary.run(arguments, in: board.root, environment: environment)
            #expect(result.status == 1)
            #expect(result.standardError == "coord: '\(board.path("board.json"))' uses board format 2, but this coord is supported up to 1; upgrade coord to read this board.\n")
        }
        #expect(board.contents("BULLETIN.md") == before)
    }
}

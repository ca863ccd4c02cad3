import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct WorkspaceTests {
    @Test func initCreatesOnceAndReportsWhatItKept() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let sydney = try #require(BoardTimeZone(identifier: "Australia/Sydney"))
        let (_, first) = try Workspace.initialize(root: scratch.root, timeZone: sydney, environment: scratch.environment())
        #expect(first.created == [".coordination/", "board.json", "BULLETIN.md", ".gitattributes", ".gitignore"])
        #expect(first.timezone == "Australia/Sydney")
        let (workspace, second) = try Workspace.initialize(root: scratch.root, timeZone: nil, environment: scratch.environment())
        #expect(second.created.isEmpty)
        #expect(second.existing == [".coordination/", "board.json", "BULLETIN.md", ".gitattributes", ".gitignore"])
        #expect(workspace.timeZone == sydney)
        #expect(scratch.contents("BULLETIN.md")?.contains("Times are Australia/Sydney.") == true)
        #expect(scratch.contents(".gitignore")?.contains(".state/") == true)
    }

    @Test func boardJSONTakesDefaultsForMissingKeysAndIgnoresUnknownOnes() throws {
        let board = try TemporaryBoard()
        FileBytes.write(board.path("board.json"), Array(#"{"added_later": [1, 2], "timezone": "+02:00"}"#.utf8))
        let workspace = try board.workspace()
        #expect(workspace.configuration.format == 1)
        #expect(workspace.timeZone.identifier == "+02:00")
        FileBytes.write(board.path("board.json"), Array("{}".utf8))
        #expect(try board.workspace().timeZone == .utc)
    }

    @Test(arguments: [
        (#"{"format": 2}"#, "uses board format 2, but this coord is supported up to 1; upgrade coord to read this board."),
        (#"{"format": 17, "timezone": "Nowhere/Special"}"#, "uses board format 17, but this coord is supported up to 1"),
        ("not json", "is damaged (it is not a JSON object); run 'coord doctor' to see what is wrong."),
        (#"{"timezone": "Nowhere/Special"}"#, "is damaged (the time zone 'Nowhere/Special' is not known on this machine)"),
    ])
    func aBoardThisCoordCannotReadIsRefused(_ json: String, _ message: String) throws {
        let board = try TemporaryBoard()
        FileBytes.write(board.path("board.json"), Array(json.utf8))
        do {
            _ = try board.workspace()
            Issue.record("\(json) was accepted")
        } catch let error as CoordError {
            #expect(error.message.hasPrefix("'\(board.path("board.json"))' \(message)"), "\(error.message)")
            #expect(error.exitStatus == ExitStatus.failure)
        }
    }

    @Test func discoveryWalksUpAndHonoursTheOverrides() throws {
        let board = try TemporaryBoard()
        let deep = board.root + "/a/b/c"
        #expect(try Subprocess.run(["/bin/mkdir", "-p", deep]).status == 0)
        #expect(try Workspace.discover(explicit: nil, environment: board.environment(directory: deep)).root == board.root)
        let stranger = try TemporaryBoard(initialise: false)
        #expect(try Workspace.discover(explicit: board.root, environment: stranger.environment()).root == board.root)
        #expect(try Workspace.discover(explicit: board.boardPath, environment: stranger.environment()).root == board.root)
        let variables = stranger.environment(["COORD_WORKSPACE": deep])
        #expect(try Workspace.discover(explicit: nil, environment: variables).root == board.root)
        do {
            _ = try Workspace.discover(explicit: nil, environment: stranger.environment())
            Issue.record("found a board where there is none")
        } catch let error as CoordError {
            #expect(error.kind == .notAWorkspace)
            #expect(error.message.contains("run 'coord init'"))
        }
    }

    /// The byte-wise `normalise` gives what splitting and joining components gives.
    @Test func normaliseResolvesDotsAndSlashesAsSplittingWould() {
        func reference(_ path: String) -> String {
            var parts: [Substring] = []
            for part in path.split(separator: "/", omittingEmptySubsequences: true) {
                if part == "." { continue }
                if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
                parts.append(part)
            }
            return "/" + parts.joined(separator: "/")
        }
        let pieces = ["", "/", "//", ".", "..", "a", "bé", "...", ".a", "a.", "x y"]
        var checked = 0
        for first in pieces {
            for second in pieces {
                for third in pieces {
                    for path in [first + "/" + second + "/" + third, "/" + first + second + "/" + third, first + second + third] {
                        #expect(Workspace.normalise(path) == reference(path), "\(path)")
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 3 * pieces.count * pieces.count * pieces.count)
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Colour only on a terminal and without NO_COLOR; never raw control bytes from a message.
@Suite struct OutputConventionsTests {
    static let escape = "\u{1B}"

    func boardWithHostileEntry() throws -> TemporaryBoard {
        let board = try TemporaryBoard()
        let post = try CoordBinary.run(["post", "clear screen \u{1B}[2J and bell \u{07}"], in: board.root,
                                       environment: ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"])
        #expect(post.status == 0)
        return board
    }

    /// Runs `coord read` on a pseudo-terminal through script(1).
    func readOnATerminal(_ board: TemporaryBoard, _ variables: [String: String]) throws -> String {
        var environment = variables
        environment["TERM"] = "xterm"
        let command = Subprocess.shellQuote(CoordBinary.path) + " read"
        let result = try Subprocess.run(["/usr/bin/script", "-q", "-e", "-c", command, "/dev/null"], environment: environment,
                                        directory: board.root)
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test func noColourOffATerminal() throws {
        let board = try boardWithHostileEntry()
        let read = try CoordBinary.run(["read"], in: board.root, environment: ["TERM": "xterm"])
        #expect(read.standardOutput == "## 2026-11-21\n- [09:30] a: clear screen \\u{001B}[2J and bell \\u{0007}\n")
    }

    @Test(.enabled(if: FileBytes.exists("/usr/bin/script"))) func colourOnATerminalUnlessNO_COLOR() throws {
        let board = try boardWithHostileEntry()
        let coloured = try readOnATerminal(board, [:])
        #expect(coloured.contains(Self.escape + "[1m## 2026-11-21" + Self.escape + "[0m"))
        // The message's own ESC and BEL stay escaped even on a terminal.
        #expect(coloured.contains("clear screen \\u{001B}[2J and bell \\u{0007}"))
        #expect(!coloured.contains("\u{07}"))

        let plain = try readOnATerminal(board, ["NO_COLOR": "1"])
        #expect(!plain.contains(Self.escape))
        #expect(plain.contains("- [09:30] a: clear screen"))
    }
}

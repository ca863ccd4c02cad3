import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing
@testable import coord

/// `coord post --lines`: one entry per line of standard input, all or none.
@Suite struct PostLinesCommandTests {
    @Test func postsOneEntryPerLineEscapedLikeASinglePost() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["post", "--lines", "--as", "importer"], on: board,
                                             input: "build 1 passed\nbuild 2 \u{1B}[31mfailed\u{1B}[0m\r\nbuild 3 passed\n")
            #expect(status == 0)
            let entries = try Bulletin(try board.workspace()).read(BulletinQuery())
            #expect(entries.map(\.message) == ["build 1 passed", "build 2 \u{1B}[31mfailed\u{1B}[0m", "build 3 passed"])
            #expect(entries.allSatisfy { $0.agent == "importer" && !$0.byHand })
            let (single, _) = try runCommand(["post", "--as", "importer", "build 2 \u{1B}[31mfailed\u{1B}[0m"], on: board)
            #expect(single.errorText.isEmpty)
            let text = String(decoding: FileBytes.read(board.path("BULLETIN.md")) ?? [], as: UTF8.self)
            let lines = text.split(separator: "\n").filter { $0.contains("build 2") }
            #expect(lines.count == 2 && lines[0] == lines[1], "\(lines)")
        }
    }

    @Test func aLastLineWithoutANewlineIsStillAnEntry() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["post", "--lines"], on: board, input: "one\ntwo")
            #expect(status == 0)
            #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).map(\.message) == ["one", "two"])
        }
    }

    @Test(arguments: [
        ("first\n\nthird\n", "Line 2 of standard input is empty"),
        ("first\nsecond\n" + String(repeating: "x", count: 4001) + "\n", "Line 3 of standard input is 4001 bytes once escaped"),
        (" \n", "Line 1 of standard input is empty"),
        ("", "Standard input has no lines"),
    ])
    func aRefusedLineIsNamedAndNothingIsWritten(_ input: String, _ message: String) throws {
        try TemporaryBoard.with { board in
            let before = FileBytes.read(board.path("BULLETIN.md"))
            let (context, status) = try runCommand(["post", "--lines"], on: board, input: input)
            #expect(status == ExitStatus.usage)
            #expect(context.errorText.hasPrefix("coord: \(message)"), "\(context.errorText)")
            #expect(context.errorText.filter { $0 == "\n" }.count == 1)
            #expect(FileBytes.read(board.path("BULLETIN.md")) == before)
        }
    }

    /// Bytes that are not UTF-8 on any line refuse the whole batch, also when a
    /// newline cuts a multi-byte sequence in two.
    @Test(arguments: [
        Array("first\r\n".utf8) + [0x73, 0xC3, 0x28, 0x0A],
        Array("first\n".utf8) + [0xE2, 0x0A, 0x82, 0xAC, 0x0A],
        [0xE2, 0x82, 0x0D, 0x0A],
    ] as [[UInt8]])
    func invalidUTF8OnAnyLineRefusesTheBatch(_ input: [UInt8]) throws {
        try TemporaryBoard.with { board in
            let before = FileBytes.read(board.path("BULLETIN.md"))
            let context = CommandContext(environment: board.environment([:]), input: input)
            let command = try #require(try Coord.parseAsRoot(["post", "--lines"]) as? PostCommand)
            let error = try #require(throws: CoordError.self) { try command.execute(in: context) }
            #expect(error.message == "Standard input is not valid UTF-8 text; convert it (for example with iconv) and try again.")
            #expect(error.exitStatus == ExitStatus.usage)
            #expect(FileBytes.read(board.path("BULLETIN.md")) == before)
        }
    }

    @Test func takesNoMessageWords() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["post", "--lines", "hello"], on: board, input: "a\n")
            #expect(status == ExitStatus.usage)
            #expect(context.errorText.isEmpty)  // argument-parser's message is printed by its main
            #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).isEmpty)
        }
    }

    @Test func aHundredThousandLinesGoInOneWrite() throws {
        try TemporaryBoard.with { board in
            let input = (1 ... 100_000).map { "imported line \($0)" }.joined(separator: "\n") + "\n"
            let (_, status) = try runCommand(["post", "--lines", "--as", "importer"], on: board, input: input)
            #expect(status == 0)
            let entries = try Bulletin(try board.workspace()).read(BulletinQuery(limit: nil))
            #expect(entries.count == 100_000)
            #expect(entries.first?.message == "imported line 1")
            #expect(entries.last?.message == "imported line 100000")
        }
    }
}

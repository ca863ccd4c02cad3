import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing

/// Bytes that are not UTF-8 are refused the same way wherever they come in:
/// as an argument or on standard input, by every write command, with exit 64
/// and nothing written.
@Suite struct InvalidUTF8Tests {
    /// printf escapes of malformed UTF-8: a stray continuation byte, a
    /// truncated sequence, an overlong encoding, a surrogate, a byte never
    /// used, a code point above U+10FFFF.
    static let patterns = [#"\200"#, #"\303"#, #"caf\303"#, #"\300\257"#, #"\355\240\200"#, #"\377"#, #"\364\220\200\200"#]

    static let commands: [(agent: String, template: String)] = [
        ("a", "post \"X\""),
        ("a", "lock src/a --intent \"X\""),
        ("a", "decide \"X\" --context c --rationale r"),
        ("worker-1-api", "worker update --note \"X\""),
    ]

    func shell(_ script: String, on board: TemporaryBoard, as agent: String = "a") throws -> ProcessResult {
        try Subprocess.run(["/bin/sh", "-c", script], environment: ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T09:30:00Z"],
                           directory: board.root)
    }

    /// Every board file's bytes, to show that nothing was written.
    func snapshot(_ board: TemporaryBoard) -> [[UInt8]?] {
        ["BULLETIN.md", "locks.jsonl", "decisions.jsonl", "workers/api.jsonl"].map { FileBytes.read(board.path($0)) }
    }

    @Test func anArgumentAndStandardInputAreRefusedAlike() throws {
        try TemporaryBoard.with { board in
            let coord = Subprocess.shellQuote(CoordBinary.path)
            let argument = try shell("exec \(coord) post \"$(printf 'bad \\377 byte')\"", on: board)
            let input = try shell("printf 'bad \\377 byte' | exec \(coord) post -", on: board)
            #expect(argument.status == 64)
            #expect(input.status == 64)
            #expect(argument.standardError == "coord: Argument 2 is not valid UTF-8 text; convert it (for example with iconv) and try again.\n")
            #expect(input.standardError == "coord: Standard input is not valid UTF-8 text; convert it (for example with iconv) and try again.\n")
            #expect(try CoordBinary.run(["read", "--json"], in: board.root).standardOutput.isEmpty)
        }
    }

    @Test func everyWriteCommandRefusesEveryMalformedPattern() throws {
        try TemporaryBoard.with { board in
            #expect(try CoordBinary.run(["launch", "--workers", "1", "--domains", "api", "--goal", "Ship"], in: board.root,
                                        environment: ["COORD_AGENT": "lead"]).status == 0)
            let coord = Subprocess.shellQuote(CoordBinary.path)
            let before = snapshot(board)
            for pattern in Self.patterns {
                for command in Self.commands {
                    let script = "exec \(coord) " + command.template.split(separator: "X", omittingEmptySubsequences: false)
                        .joined(separator: "$(printf 'x\(pattern)y')")
                    let result = try shell(script, on: board, as: command.agent)
                    #expect(result.status == 64, "\(command.template) with \(pattern): \(result.standardError)")
                    #expect(result.standardError.contains("is not valid UTF-8 text"), "\(command.template) with \(pattern)")
                }
            }
            #expect(snapshot(board) == before)
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Bulletins as crashes, power loss, cron jobs and editors leave them.
@Suite struct DamagedBoardTests {
    let environment = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]

    func coord(_ arguments: [String], on board: TemporaryBoard, at now: String? = nil) throws -> ProcessResult {
        var variables = environment
        if let now { variables["COORD_NOW"] = now }
        return try CoordBinary.run(arguments, in: board.root, environment: variables)
    }

    func entries(on board: TemporaryBoard, _ extra: [String] = []) throws -> [[String: JSONValue]] {
        let read = try coord(["read", "--json", "--limit", "0"] + extra, on: board)
        #expect(read.status == 0, "\(read.standardError)")
        return try JSONLines.objects(read.standardOutput)
    }

    func lineCount(_ board: TemporaryBoard) -> Int {
        (board.contents("BULLETIN.md") ?? "").utf8.count(where: { $0 == UInt8(ascii: "\n") })
    }

    @Test func aTornTailIsEndedBeforeTheNextPostAndBothSurvive() throws {
        let board = try TemporaryBoard()
        #expect(try coord(["post", "first"], on: board).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [09:31] cron: cut short".utf8))
        // Readers do not show a line that may still be being written.
        #expect(try entries(on: board).compactMap { $0.string("message") } == ["first"])

        #expect(try coord(["post", "second"], on: board).status == 0)
        #expect(board.contents("BULLETIN.md")?.hasSuffix("- [09:30] a: first <!-- coord -->\n- [09:31] cron: cut short\n- [09:30] a: second <!-- coord -->\n") == true)
        let read = try entries(on: board)
        #expect(read.compactMap { $0.string("message") } == ["first", "cut short", "second"])
        #expect(read.compactMap { $0.bool("by_hand") } == [false, true, false])
        #expect(try coord(["doctor"], on: board).status == 0)
    }

    @Test func garbageAndNULLinesAreSkippedCountedAndListedWithTheirLineNumbers() throws {
        let board = try TemporaryBoard()
        #expect(try coord(["post", "first"], on: board).status == 0)
        let before = lineCount(board)
        board.appendRaw("BULLETIN.md", Array("- [09:31] cron: before the damage\n".utf8))
        board.appendRaw("BULLETIN.md", Array("garbage \u{0}\u{0} with NULs\n".utf8))
        board.appendRaw("BULLETIN.md", Array("-not an entry\n".utf8))
        board.appendRaw("BULLETIN.md", Array("- [9:3] x: a time without digits\n".utf8))
        board.appendRaw("BULLETIN.md", [0xFF, 0xFE] + Array(" binary\n".utf8))
        board.appendRaw("BULLETIN.md", Array("## 2026-13-45\n".utf8))
        board.appendRaw("BULLETIN.md", Array("- [09:32] cron: after the damage\n".utf8))
        // Power loss: a run of NULs where a line should have been, and no newline.
        board.appendRaw("BULLETIN.md", [0, 0, 0, 0])
        #expect(try coord(["post", "last"], on: board).status == 0)

        let read = try entries(on: board)
        #expect(read.compactMap { $0.string("message") } == ["first", "before the damage", "after the damage", "last"])
        #expect(read.compactMap { $0.bool("by_hand") } == [false, true, true, false])

        let doctor = try coord(["doctor"], on: board)
        #expect(doctor.status == 1)
        let damaged = [2, 3, 4, 5, 6, 8].map { before + $0 }
        for line in damaged {
            #expect(doctor.standardOutput.contains("\(board.boardPath)/BULLETIN.md:\(line): Skipped by readers"), "line \(line)")
        }
        let json = try coord(["doctor", "--json"], on: board)
        #expect(json.status == 1)
        let report = try BoardJSON.decode([String: JSONValue].self, from: Array(json.standardOutput.utf8))
        guard case .array(let findings)? = report["findings"] else {
            Issue.record("no findings array in \(json.standardOutput)")
            return
        }
        let lines = findings.compactMap { finding -> Int64? in
            guard case .object(let fields) = finding else { return nil }
            return fields["line"]?.integerValue
        }
        #expect(lines == damaged.map(Int64.init))
    }

    @Test func handAppendedLinesAreFirstClassEntries() throws {
        let board = try TemporaryBoard()
        // Before any post, on a fresh board, without a heading: dated today.
        board.appendRaw("BULLETIN.md", Array("- [03:00] nightly: backup done\n".utf8))
        var read = try entries(on: board)
        #expect(read.count == 1)
        #expect(read.first?.string("agent") == "nightly")
        #expect(read.first?.string("date") == "2026-11-21")
        #expect(read.first?.string("time") == "2026-11-21T03:00:00.000Z")
        #expect(read.first?.bool("by_hand") == true)

        // After a post, under coord's heading: the heading above dates it.
        #expect(try coord(["post", "morning"], on: board).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [09:45] cron: rotated logs\n".utf8))
        // A new day that a script started with its own heading: coord does not repeat it.
        board.appendRaw("BULLETIN.md", Array("\n## 2026-11-22\n\n- [03:00] nightly: backup done again\n".utf8))
        #expect(try coord(["post", "next day"], on: board, at: "2026-11-22T09:00:00Z").status == 0)

        read = try entries(on: board)
        #expect(read.compactMap { $0.string("message") } == ["backup done", "morning", "rotated logs", "backup done again", "next day"])
        #expect(read.compactMap { $0.string("date") } == ["2026-11-21", "2026-11-21", "2026-11-21", "2026-11-22", "2026-11-22"])
        #expect(read.compactMap { $0.bool("by_hand") } == [true, false, true, true, false])
        let headings = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## 2026-11-21", "## 2026-11-22"])
        #expect(try entries(on: board, ["--agent", "nightly", "--date", "2026-11-22"]).count == 1)
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct JournalTests {
    struct Note: Codable, Sendable, Equatable, JournalRecord {
        static let fileName = "notes.jsonl"
        static let reservedFieldNames: Set<String> = ["text", "count"]
        var text: String
        var count: Int?
    }

    func journal(_ board: TemporaryBoard) throws -> RecordJournal<Note> {
        RecordJournal<Note>(directory: try board.workspace().board)
    }

    @Test func recordsRoundTripWithAVersionOnEveryLine() throws {
        let board = try TemporaryBoard()
        let notes = try journal(board)
        #expect(try notes.read().records.isEmpty)
        try notes.append([Note(text: "one", count: 1), Note(text: "two\nlines")])
        try notes.append([Note(text: "three")])
        #expect(board.contents("notes.jsonl") == #"{"count":1,"text":"one","v":1}"# + "\n" + #"{"text":"two\nlines","v":1}"# + "\n"
            + #"{"text":"three","v":1}"# + "\n")
        let contents = try notes.read()
        #expect(contents.values == [Note(text: "one", count: 1), Note(text: "two\nlines"), Note(text: "three")])
        #expect(contents.records.map(\.line) == [1, 2, 3])
    }

    @Test func unknownFieldsSurviveARewrite() throws {
        let board = try TemporaryBoard()
        let notes = try journal(board)
        board.appendRaw("notes.jsonl", Array(#"{"v":1,"text":"from the future","zeta":[1,2.5,{"deep":null}],"alpha":{"b":true}}"#.utf8 + [10]))
        let read = try notes.read(options: .unknownFields)
        #expect(read.values == [Note(text: "from the future")])
        #expect(read.records[0].extra == [
            "zeta": .array([.integer(1), .double(2.5), .object(["deep": .null])]),
            "alpha": .object(["b": .bool(true)]),
        ])
        // Compaction rewrites the journal: the fields this coord does not know are still there.
        var records = read.records
        records[0].value.count = 7
        try notes.replace(with: RecordJournal<Note>.lines(records))
        #expect(board.contents("notes.jsonl") == #"{"alpha":{"b":true},"count":7,"text":"from the future","v":1,"zeta":[1,2.5,{"deep":null}]}"# + "\n")
        #expect(try notes.read(options: .unknownFields).records[0].extra == read.records[0].extra)
    }

    @Test func aRecordFromANewerFormatIsRefused() throws {
        let board = try TemporaryBoard()
        let notes = try journal(board)
        try notes.append([Note(text: "old")])
        board.appendRaw("notes.jsonl", Array(#"{"v":2,"text":"new"}"#.utf8 + [10]))
        do {
            _ = try notes.read()
            Issue.record("a v2 record was read")
        } catch let error as CoordError {
            #expect(error.kind == .unsupportedFormat)
            #expect(error.message == "'\(board.path("notes.jsonl"))' uses board format 2, but this coord is supported up to 1; upgrade coord to read this board.")
        }
        // doctor reports it instead of failing.
        let report = try Doctor(try board.workspace()).run()
        #expect(report.findings.contains { $0.severity == .error && $0.message.contains("supported up to 1") })
    }

    @Test func badLinesAreSkippedCountedAndKeepTheirNeighbours() throws {
        let board = try TemporaryBoard()
        let notes = try journal(board)
        let lines = [
            #"{"v":1,"text":"first"}"#, "not json", "", "  \t", #"{"v":1,"count":3}"#, #"["an","array"]"#,
            #"{"v":1,"text":"torn"#, #"{"v":1,"text":"last"}"#,
        ]
        board.appendRaw("notes.jsonl", Array(lines.joined(separator: "\n").utf8) + [10] + Array(#"{"v":1,"text":"unterminated"}"#.utf8))
        let contents = try notes.read()
        #expect(contents.values.map(\.text) == ["first", "last"])
        #expect(contents.records.map(\.line) == [1, 8])
        #expect(contents.invalid.map(\.line) == [2, 5, 6, 7])
        #expect(contents.invalid.allSatisfy { $0.path == board.path("notes.jsonl") && $0.reason == "not a valid record" })

        // doctor knows no record shapes: it lists the lines that are not JSON objects.
        let report = try Doctor(try board.workspace()).run()
        #expect(report.findings.filter { $0.path.hasSuffix("notes.jsonl") }.map(\.line) == [2, 6, 7])
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// The one journal reader and writer every record kind uses.
@Suite struct RecordJournalTests {
    struct Note: Codable, Sendable, Equatable, JournalRecord {
        static let fileName = "notes.jsonl"
        static let reservedFieldNames: Set<String> = ["text", "kind"]
        var text: String
        var kind: NoteKind?
    }

    struct NoteKind: OpenRecordKind {
        let rawValue: String
        init(rawValue: String) { self.rawValue = rawValue }
        static let plain = NoteKind(rawValue: "plain")
    }

    /// A record whose journal refuses damage (like the task queue).
    struct Claim: Codable, Sendable, Equatable, JournalRecord {
        static let fileName = "claims.jsonl"
        static let reservedFieldNames: Set<String> = ["task"]
        static let damagePolicy = JournalDamagePolicy.strictWithTornTail
        var task: String
    }

    /// Counts notes and remembers the last text: the smallest fold.
    struct NoteCount: JournalFold {
        var count = 0
        var last: String?
        mutating func apply(_ record: Stored<Note>) {
            count += 1
            last = record.value.text
        }
    }

    static func line(_ text: String) -> [UInt8] { Array(text.utf8) + [10] }

    @Test func anUnterminatedTailIsNeverReadAndTheNextAppendStartsAFreshLine() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            try notes.append([Note(text: "one")])
            board.appendRaw("notes.jsonl", Array(#"{"text":"cut sho"#.utf8))
            let torn = try notes.read()
            #expect(torn.values == [Note(text: "one")])
            #expect(torn.end == Int64(Self.line(#"{"text":"one","v":1}"#).count))
            #expect(torn.size > torn.end, "the torn bytes are counted in the size, not read")
            #expect(try notes.last() == Note(text: "one"))

            try notes.append([Note(text: "two")])
            let after = try notes.read()
            #expect(after.values.map(\.text) == ["one", "two"])
            #expect(after.invalid.map(\.line) == [2], "the torn line is now complete, and skipped")
            #expect(after.end == after.size)
        }
    }

    @Test func aLenientJournalSkipsDamageAndAStrictOneRefusesAllButATornTail() throws {
        try TemporaryBoard.with { board in
            let directory = try board.workspace().board
            board.appendRaw("notes.jsonl", Self.line(#"{"text":"a","v":1}"#) + Self.line("garbage") + Self.line(#"{"text":"b","v":1}"#))
            let notes = try RecordJournal<Note>(directory: directory).read()
            #expect(notes.values.map(\.text) == ["a", "b"])
            #expect(notes.records.map(\.line) == [1, 3])
            #expect(notes.invalid.map(\.line) == [2])

            let claims = RecordJournal<Claim>(directory: directory)
            board.appendRaw("claims.jsonl", Self.line(#"{"task":"T-1","v":1}"#) + Self.line(#"{"task":"T-2","v"#)
                + Self.line(#"{"task":"T-3","v":1}"#))
            let read = try claims.read()
            #expect(read.values.map(\.task) == ["T-1", "T-3"])
            #expect(read.torn == 1)
            #expect(read.invalid.isEmpty)

            board.appendRaw("claims.jsonl", Self.line(#"{"v":1,"unknown":true}"#))
            #expect(throws: CoordError.self) { try claims.read() }
            #expect(throws: CoordError.self) { try claims.last() }
            do {
                _ = try claims.read()
            } catch let error as CoordError {
                #expect(error.kind == .damaged)
                #expect(error.message.contains("line 4"))
            }
        }
    }

    @Test func unknownFieldsAreKeptWhenAskedForAndWrittenBackUnchanged() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            let written = #"{"alpha":[1,2.5,{"deep":null}],"kind":"sketch","text":"from the future","v":1,"zeta":"z"}"#
            board.appendRaw("notes.jsonl", Self.line(written))
            let plain = try notes.read()
            #expect(plain.records[0].extra.isEmpty, "not asked for: not decoded")
            let full = try notes.read(options: .unknownFields)
            #expect(full.records[0].extra == [
                "alpha": .array([.integer(1), .double(2.5), .object(["deep": .null])]), "zeta": .string("z"),
            ])
            #expect(full.values[0].kind?.rawValue == "sketch", "a kind this coord does not know is kept")
            #expect(String(decoding: try RecordJournal<Note>.lines(full.records), as: UTF8.self) == written + "\n")
        }
    }

    @Test func aNewerFormatIsRefusedReadingForwardAndBackward() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            try notes.append([Note(text: "old")])
            // A v2 line need not decode as this coord's record: it is refused before its fields are read.
            board.appendRaw("notes.jsonl", Self.line(#"{"v":2,"words":["new"]}"#))
            let reads: [() throws -> Void] = [
                { _ = try notes.read() }, { _ = try notes.last() }, { _ = try notes.read(options: .unknownFields) },
            ]
            for read in reads {
                do {
                    try read()
                    Issue.record("a v2 record was read")
                } catch let error as CoordError {
                    #expect(error.kind == .unsupportedFormat)
                    #expect(error.message.contains("supported up to 1"))
                }
            }
        }
    }

    @Test func readingFromAnOffsetReadsOnlyTheLinesAfterIt() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            try notes.append([Note(text: "one"), Note(text: "two")])
            let first = try notes.read()
            var count = NoteCount()
            first.fold(into: &count)
            #expect(count.count == 2)

            try notes.append([Note(text: "three")])
            let rest = try notes.read(from: first.end)
            #expect(rest.start == first.end)
            #expect(rest.values.map(\.text) == ["three"])
            #expect(rest.records.map(\.line) == [nil], "line numbers are unknown from an offset")
            rest.fold(into: &count)
            #expect(count.count == 3)
            #expect(count.last == "three")

            let nothing = try notes.read(from: rest.end)
            #expect(nothing.records.isEmpty)
            #expect(nothing.end == rest.end)
            let beyond = try notes.read(from: rest.end + 100)
            #expect(beyond.records.isEmpty)
            #expect(beyond.size < beyond.start, "a shorter journal shows in its size")
        }
    }

    @Test func readingBackwardVisitsTheTailFirstAndStopsWhenAsked() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            #expect(try notes.last() == nil)
            try notes.append((1 ... 50).map { Note(text: "note \($0)") })
            board.appendRaw("notes.jsonl", Self.line("damaged") + Self.line("   "))
            #expect(try notes.last()?.text == "note 50", "damage and blank lines at the end are passed over")
            #expect(try notes.last(3).map(\.text) == ["note 48", "note 49", "note 50"])
            var visited: [String] = []
            try notes.scanBackward(chunkSize: 64) { visited.append($0.value.text); return visited.count < 5 }
            #expect(visited == ["note 50", "note 49", "note 48", "note 47", "note 46"])

            struct TextOnly: JournalProjection { var text: String }
            var all: [String] = []
            try notes.scanBackward(as: TextOnly.self, chunkSize: 100) { all.append($0.value.text); return true }
            #expect(all == (1 ... 50).reversed().map { "note \($0)" })
        }
    }

    @Test func blankLinesBetweenRecordsAreIgnoredAndLineNumbersKept() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            board.appendRaw("notes.jsonl", Self.line("") + Self.line(#"{"text":"a","v":1}\#r"#) + Self.line(" \t")
                + Self.line("") + Self.line(#"{"text":"b","v":1}"#) + Self.line(""))
            let read = try notes.read(options: .lines)
            #expect(read.values.map(\.text) == ["a", "b"])
            #expect(read.records.map(\.line) == [2, 5])
            #expect(read.invalid.isEmpty)
            #expect(read.lines.map(\.record) == [nil, 0, nil, nil, 1, nil])
        }
    }

    @Test func linesKeepTheirByteRangesWhenAsked() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            board.appendRaw("notes.jsonl", Self.line(#"{"text":"a","v":1}"#) + Self.line("") + Self.line("x")
                + Self.line(#"{"text":"b","v":1}"#))
            let read = try notes.read(options: .lines)
            #expect(read.lines.count == 4)
            #expect(read.lines.map(\.record) == [0, nil, nil, 1])
            #expect(read.lines.map { String(decoding: read.bytes[$0.range], as: UTF8.self) }
                == [#"{"text":"a","v":1}"#, "", "x", #"{"text":"b","v":1}"#])
            #expect(try notes.read().lines.isEmpty, "not asked for: not kept")
        }
    }

    @Test func anAppendIsOneWriteOfSortedLinesWithTheirVersion() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            #expect(try notes.append([Note]()) == nil, "nothing to write: the file is not even created")
            #expect(board.contents("notes.jsonl") == nil)
            let placement = try notes.append([Note(text: "a", kind: .plain), Note(text: "b")])
            #expect(placement?.start == 0)
            #expect(board.contents("notes.jsonl") == #"{"kind":"plain","text":"a","v":1}"# + "\n" + #"{"text":"b","v":1}"# + "\n")
            #expect(try notes.size() == placement?.end)
        }
    }

    @Test func everyJournalOnTheSampleBoardIsRegisteredAndReadsBackByteForByte() throws {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        let sample = try BoardDirectory.open(parts.joined(separator: "/") + "/.coordination-sample")
        var checked: [String] = []
        var folders: [(String?, BoardDirectory)] = [(nil, sample)]
        for name in try sample.listNames() where !name.contains(".") {
            if let folder = try? sample.subdirectory(name, create: false) { folders.append((name, folder)) }
        }
        for (name, folder) in folders {
            for file in try folder.listNames() where file.hasSuffix(".jsonl") {
                let kind = BoardJournals.kind(folder: name, file: file)
                #expect(kind.record != "AnyJournalRecord", "\(file) has no registered record type")
                #expect(try kind.check(folder, file).isEmpty, "\(file)")
                checked.append((name.map { $0 + "/" } ?? "") + file)
            }
        }
        #expect(checked.sorted() == ["decisions.jsonl", "inbox/worker-1-backend-api.jsonl", "inbox/worker-2-frontend-ui.jsonl",
                                     "inbox/worker-3-infrastructure.jsonl", "locks.jsonl", "observer/log.jsonl", "tasks.jsonl",
                                     "workers/backend-api.jsonl", "workers/frontend-ui.jsonl", "workers/infrastructure.jsonl"])

        // Reading with unknown fields and writing back gives the same bytes: the format is unchanged.
        func same<R: JournalRecord & Encodable>(_ type: R.Type, _ folder: BoardDirectory, _ file: String) throws {
            let bytes = try #require(try folder.read(file))
            let read = try RecordJournal<R>.parse(bytes, path: file, options: .unknownFields)
            #expect(try RecordJournal<R>.lines(read.records) == bytes, "\(file)")
        }
        try same(LockEvent.self, sample, "locks.jsonl")
        try same(TaskEvent.self, sample, "tasks.jsonl")
        try same(DecisionEvent.self, sample, "decisions.jsonl")
        let workers = try #require(try sample.subdirectory("workers", create: false))
        for file in try workers.listNames() { try same(WorkerRecord.self, workers, file) }
        try same(ObserverLogRecord.self, try #require(try sample.subdirectory("observer", create: false)), "log.jsonl")
        let inbox = try #require(try sample.subdirectory("inbox", create: false))
        for file in try inbox.listNames() where file.hasSuffix(".jsonl") { try same(MessageRecord.self, inbox, file) }
    }
}

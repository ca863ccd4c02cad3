import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Reading a journal from its end: passing over lines before decoding them,
/// and finding where the complete lines end.
@Suite struct RecordJournalBackwardTests {
    typealias Note = RecordJournalTests.Note

    @Test func aLineTheChooserPassesOverIsNeverDecodedAndStopEndsTheScan() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            try notes.append([Note(text: "old"), Note(text: "keep one")])
            // Not a record: decoding it would skip it (lenient) but the chooser passes over it first.
            board.appendRaw(Note.fileName, Array("{\"text\": 7}\n".utf8))
            try notes.append([Note(text: "other"), Note(text: "keep two")])
            var shown: [String] = []
            var visited: [String] = []
            try notes.scanBackward(as: Note.self, choosing: { bytes in
                let line = String(decoding: bytes, as: UTF8.self)
                shown.append(line)
                if line.contains("old") { return .stop }
                return line.contains("keep") ? .decode : .skip
            }) { stored in
                visited.append(stored.value.text)
                return true
            }
            #expect(visited == ["keep two", "keep one"])
            #expect(shown.count == 5, "every line up to the stop is shown, newest first")
            #expect(shown.last?.contains("old") == true)
        }
    }

    @Test func theEndIsJustPastTheLastCompleteLine() throws {
        try TemporaryBoard.with { board in
            let notes = RecordJournal<Note>(directory: try board.workspace().board)
            #expect(try notes.end() == 0, "no journal")
            try notes.append([Note(text: "one"), Note(text: "two")])
            let complete = try notes.size()
            board.appendRaw(Note.fileName, Array(#"{"text":"cut"#.utf8))
            #expect(try notes.end() == complete, "an unterminated tail is not counted")
            #expect(try notes.end() == (try notes.read()).end)
            let first = try notes.read().records.count
            #expect(first == 2)
            #expect(try notes.end(before: complete - 1) < complete, "a bound inside the last line ends before it")
            #expect(try notes.end(before: complete - 1) > 0)
        }
    }
}

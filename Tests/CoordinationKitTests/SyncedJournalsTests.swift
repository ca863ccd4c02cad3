import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// How `coord sync` names the lines of the journals it carries (`LineIdentity`),
/// and an import into an inbox: no distinct record dropped, events after the
/// message they are about, and the inbox cache still answering afterwards.
@Suite struct SyncedJournalsTests {
    static func line(_ record: MessageRecord) throws -> [UInt8] { try BoardJSON.line(Stored(value: record, version: 1)) }

    static func message(_ id: String, _ text: String) -> MessageRecord {
        var record = MessageRecord(event: .message, id: id, at: "2026-11-21T09:00:00.000Z", actor: "alice")
        record.to = "bob"
        record.text = text
        record.key = "disk"
        return record
    }

    static func receipt(_ kind: MessageRecord.Kind, _ ids: [String]) -> MessageRecord {
        var record = MessageRecord(event: kind, at: "2026-11-21T10:00:00.000Z", actor: "bob")
        record.ids = ids
        return record
    }

    static let repeated = MessageRecord(event: .repeated, id: "M-2", at: "2026-11-21T09:30:00.000Z", actor: "alice")

    @Test func aMessageIsKnownByItsIdAndEveryOtherInboxLineOnlyByItself() throws {
        let inbox = try #require(SyncedJournals.split("inbox/bob.jsonl"))
        #expect(inbox.folder == MessageFiles.folderName && inbox.name == "bob.jsonl")
        #expect(inbox.journal.kind.matches(folder: MessageFiles.folderName, file: MessageFiles.journalName("a b")))
        #expect(inbox.journal.identity.key(try Self.line(Self.message("M-7", "hi"))) == "M-7")
        #expect(inbox.journal.identity.key(try Self.line(Self.repeated)) == nil, "a repeat carries the id of the message it repeats")
        #expect(inbox.journal.identity.key(try Self.line(Self.receipt(.read, ["M-7"]))) == nil)
        #expect(inbox.journal.identity.key(try Self.line(Self.receipt(.done, ["M-7"]))) == nil)
        #expect(inbox.journal.identity.key(Array(#"{"event":"pinned","id":"M-7","v":1}"#.utf8)) == nil)
        #expect(inbox.journal.identity.key(Array("not json".utf8)) == nil)
        // The counter, the cursors and other folders are not synced journals.
        #expect(SyncedJournals.split("inbox/last-id") == nil)
        #expect(SyncedJournals.split("inbox/cursors/bob.json") == nil)
        #expect(SyncedJournals.split("message-ids.jsonl") == nil, "an exclusive journal never travels by sync")

        let workers = try #require(SyncedJournals.split("workers/api.jsonl"))
        #expect(workers.journal.identity.key(Array(#"{"event":"update","id":"W-abc","v":1}"#.utf8)) == "W-abc")
    }

    @Test func anImportKeepsEveryDistinctLineWritesEventsAfterTheirMessageAndTheCacheStillAnswers() throws {
        let board = try TemporaryBoard()
        let workspace = try board.workspace()
        let messages = Messages(workspace)
        // A keyed send saves bob's inbox cache (M-1).
        _ = try messages.send(MessageDraft(recipients: ["bob"], text: "first", key: try IdempotencyKey("disk")),
                              as: try AgentName("alice"))
        let folder = try #require(try workspace.board.subdirectory(MessageFiles.folderName, create: false))
        let journalFile = try #require(try folder.openFile("bob.jsonl", mode: .readOnly))
        let sizeBefore = try journalFile.size()
        #expect(InboxCache.load("bob", board: workspace.board, journal: journalFile, size: sizeBefore)?.1 == sizeBefore)

        // Host b's receipt of M-2 is read before host a's M-2 itself; host a also repeats M-1's line (same id: one message).
        func records(_ host: String, _ lines: [MessageRecord]) throws -> [UInt8] {
            var bytes: [UInt8] = []
            for (offset, record) in lines.enumerated() {
                let text = try Self.line(record)
                let id = record.event == .message ? record.id! : "\(host):inbox/bob.jsonl:\(offset * 1000)"
                bytes += try BoardJSON.line(JournalExchange.Record(file: "inbox/bob.jsonl", id: id,
                                                                   line: String(decoding: text, as: UTF8.self)))
                bytes.append(LineScanner.newline)
            }
            return bytes
        }
        let hostA = String(repeating: "a", count: 16), hostB = String(repeating: "b", count: 16)
        let fromB = try records(hostB, [Self.receipt(.read, ["M-2"])])
        let fromA = try records(hostA, [Self.message("M-1", "first"), Self.message("M-2", "second"), Self.repeated, Self.repeated])
        let remote = try #require(try workspace.board.subdirectory("remote", create: true))
        let exchange = JournalExchange(board: workspace.board, directory: remote, host: String(repeating: "c", count: 16))
        #expect(try exchange.importRecords([(hostB, fromB), (hostA, fromA)]) == 4)

        let lines = try JSONLines.objects(board.contents("inbox/bob.jsonl") ?? "")
        #expect(lines.map { $0["event"]?.stringValue ?? "" } == ["message", "message", "read", "repeated", "repeated"])
        // The cache still covers the unchanged prefix; the listing folds the imported lines after it.
        #expect(InboxCache.load("bob", board: workspace.board, journal: journalFile, size: try journalFile.size())?.1 == sizeBefore)
        let listing = try messages.inbox(of: try AgentName("bob"), InboxQuery(scope: .all))
        #expect(listing.messages.map(\.id) == ["M-1", "M-2"])
        #expect(listing.messages.map(\.count) == [1, 3])
        #expect(listing.messages.map(\.isRead) == [false, true])
        // Importing the same records again adds nothing.
        #expect(try exchange.importRecords([(hostB, fromB), (hostA, fromA)]) == 0)
    }
}

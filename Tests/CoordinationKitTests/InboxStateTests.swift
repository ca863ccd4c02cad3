import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// The inbox fold and its cache: what a listing shows is what folding the journal gives.
@Suite struct InboxStateTests {
    static func message(_ id: String, from: String = "lead", key: String? = nil, at: String = "2026-11-21T09:00:00.000Z",
                        expires: String? = nil) -> MessageRecord {
        var record = MessageRecord(event: .message, id: id, at: at, actor: from)
        record.to = "dev"
        record.text = "text of \(id)"
        record.key = key
        record.expires = expires
        return record
    }

    static func receipt(_ kind: MessageRecord.Kind, _ ids: [String], at: String = "2026-11-21T10:00:00.000Z") -> MessageRecord {
        var record = MessageRecord(event: kind, at: at, actor: "dev")
        record.ids = ids
        return record
    }

    @Test func receiptsMarkRepeatsCountAndDoneMessagesLeaveTheOpenFold() {
        var state = InboxState()
        state.apply(Self.message("M-1"))
        state.apply(Self.message("M-2", key: "disk"))
        state.apply(MessageRecord(event: .repeated, id: "M-2", at: "2026-11-21T09:05:00.000Z", actor: "lead"))
        state.apply(Self.message("M-1"))                       // a line repeated by a merge: ignored
        state.apply(Self.receipt(.read, ["M-1", "M-9"]))        // an unknown id changes nothing
        state.apply(MessageRecord(event: .init(rawValue: "pinned"), id: "M-1", at: "x", actor: "dev"))
        state.settle()
        #expect(state.messages.map(\.id) == ["M-1", "M-2"])
        #expect(state.message("M-1")?.isRead == true)
        #expect(state.message("M-2")?.count == 2 && state.message("M-2")?.lastAt == "2026-11-21T09:05:00.000Z")
        #expect(state.unreadKeyed("disk", from: "lead")?.id == "M-2")
        #expect(state.unreadKeyed("disk", from: "other") == nil)

        state.apply(Self.receipt(.done, ["M-2"]))
        state.settle()
        #expect(state.messages.map(\.id) == ["M-1"])
        #expect(state.delivered == 2 && state.doneCount == 1)
        // A repeat of a done message does not bring it back.
        state.apply(MessageRecord(event: .repeated, id: "M-2", at: "2026-11-21T11:00:00.000Z", actor: "lead"))
        state.settle()
        #expect(state.messages.map(\.id) == ["M-1"])

        var history = InboxState(keepingDone: true)
        for record in [Self.message("M-1"), Self.message("M-2"), Self.receipt(.done, ["M-2"])] { history.apply(record) }
        history.settle()
        #expect(history.messages.map(\.id) == ["M-1", "M-2"] && history.message("M-2")?.isDone == true)
        #expect(history.message("M-2")?.isRead == true, "done implies read")
    }

    @Test func expiredMessagesLeaveUnreadButStayInTheHistory() {
        var state = InboxState()
        state.apply(Self.message("M-1", expires: "2026-11-21T09:30:00.000Z"))
        state.apply(Self.message("M-2"))
        state.settle()
        let before = Timestamp.parse("2026-11-21T09:29:00Z", in: .utc)!
        let after = Timestamp.parse("2026-11-21T09:31:00Z", in: .utc)!
        #expect(state.messages.filter { $0.isUnread(at: before) }.map(\.id) == ["M-1", "M-2"])
        #expect(state.messages.filter { $0.isUnread(at: after) }.map(\.id) == ["M-2"])
        #expect(state.messages.filter { InboxQuery(scope: .all).matches($0, at: after) }.count == 2)
        #expect(state.messages.filter { InboxQuery(scope: .open).matches($0, at: after) }.map(\.id) == ["M-2"])
    }

    @Test func aPastMomentFoldsOnlyTheRecordsBeforeIt() {
        var state = InboxState(asOf: Timestamp.parse("2026-11-21T09:30:00Z", in: .utc))
        state.apply(Self.message("M-1"))
        state.apply(Self.receipt(.read, ["M-1"]))
        state.settle()
        #expect(state.message("M-1")?.isRead == false)
    }

    /// The cached fold plus the lines after it gives what the full fold gives, and a
    /// cache whose covered bytes were edited is ignored.
    @Test func theCacheAnswersLikeTheFullFoldAndIsIgnoredOnceTheJournalChanges() throws {
        try TemporaryBoard.with { board in
            let messages = Messages(try board.workspace())
            let lead = try AgentName("lead"), dev = try AgentName("dev")
            for n in 1 ... 30 { try messages.send(MessageDraft(recipients: ["dev"], text: "m\(n)"), as: lead) }
            try messages.markDone((1 ... 25).map { "M-\($0)" }, note: nil, as: dev)   // saves the cache
            try messages.send(MessageDraft(recipients: ["dev"], text: "late"), as: lead)  // not cached
            #expect(FileBytes.exists(board.path(".state/inbox/dev.idx")))

            let folder = try #require(try messages.folder(create: false))
            let (cached, end) = try messages.load("dev", in: folder)
            var full = InboxState()
            full.apply(try messages.journal("dev", in: folder).read().records)
            full.settle()
            #expect(cached == full)
            #expect(end == (try messages.journal("dev", in: folder).size()))
            #expect(try messages.inbox(of: dev, InboxQuery(scope: .unread)).messages.map(\.id) == ["M-26", "M-27", "M-28", "M-29", "M-30", "M-31"])

            // Rewrite a covered byte (M-1's text): the cache no longer answers for the journal.
            var bytes = try #require(FileBytes.read(board.path("inbox/dev.jsonl")))
            let needle = Array("\"m1\"".utf8)
            let at = try #require((0 ... bytes.count - needle.count).first { Array(bytes[$0 ..< $0 + needle.count]) == needle })
            bytes[at + 1] = UInt8(ascii: "x")
            FileBytes.write(board.path("inbox/dev.jsonl"), bytes)
            let file = try #require(try folder.openFile("dev.jsonl", mode: .readOnly))
            #expect(InboxCache.load("dev", board: (try board.workspace()).board, journal: file, size: try file.size())?.1 == nil)
        }
    }

    @Test func messageIDsAcceptTheShortFormsAndRefuseTheRest() throws {
        #expect(try MessageID.parse("M-7") == "M-7")
        #expect(try MessageID.parse("m-7") == "M-7")
        #expect(try MessageID.parse("7") == "M-7")
        for bad in ["", "M-", "M-0", "M-x", "ADR-7", "-7", "M-99999999999999999999"] {
            #expect(throws: CoordError.self) { try MessageID.parse(bad) }
        }
        #expect(Messages.nearMatches("backnd", among: ["backend", "frontend", "ops"]) == ["backend"])
        #expect(Messages.nearMatches("zz", among: ["backend"]).isEmpty)
    }

    @Test func mentionsAreAtSignsBeforeAgentNamesNotAddresses() {
        #expect(Messages.mentions(in: "@backend, @front-end. and @ops- ok") == ["backend", "front-end", "ops"])
        #expect(Messages.mentions(in: "mail me at a@b.com or @ alone") == [])
        #expect(Messages.mentions(in: "@a @a (@worker-1-api)") == ["a", "worker-1-api"])
        #expect(Messages.mentions(in: "no mention here").isEmpty)
    }
}

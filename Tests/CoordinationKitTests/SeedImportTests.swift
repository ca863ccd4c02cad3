import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord import` / `coord export` on the seed's own example documents.
@Suite struct SeedImportTests {
    /// The seed board lives at +11:00; an hour after the seed lock was taken.
    static let seedZone = BoardTimeZone(identifier: "+11:00")!
    static let seedMorning = TestTime.at("2026-02-07T03:20:00+11:00")

    private func seedBoard() throws -> TemporaryBoard {
        try TemporaryBoard(timeZone: Self.seedZone, now: Self.seedMorning)
    }

    private func importSeed(_ board: TemporaryBoard, from folder: String = SeedFixtures.folder) throws -> ImportReport {
        let workspace = try board.workspace()
        return try SeedImport(workspace).run(try SeedFolder.open(folder, currentDirectory: "/"), as: AgentName("main-session"))
    }

    @Test func theSeedDecisionArrivesWithEveryField() throws {
        let board = try seedBoard()
        let report = try importSeed(board)
        #expect(report.decisions.imported == [.init(id: "ADR-001", originalID: nil)])
        let decision = try Decisions(try board.workspace()).show("ADR-001")
        #expect(decision.date == "2026-02-06")
        #expect(decision.context == "v2 graph database selection")
        #expect(decision.decision == "FalkorDB + CQRS write pattern")
        #expect(decision.rationale == "Single-writer lock becomes design feature with Redis queue")
        #expect(decision.source == "main-session")
        #expect(decision.acknowledgedBy == ["gastown-mayor", "memory"])
        #expect(decision.status == .accepted)
        #expect(decision.decidedAt == TestTime.at("2026-02-06T00:00:00+11:00"))
    }

    @Test func theSeedLockIsStagedWithTheDefaultTTL() throws {
        let board = try seedBoard()
        let report = try importSeed(board)
        #expect(report.locks.imported == 1)
        #expect(report.locks.defaultTTL == [.init(path: "~/gt/mcp_memory/", holder: "gastown-mayor", expires: "2026-02-06T17:10:00.000Z")])
        #expect(report.locks.expired == 0)
        let staged = try ImportedLocks(try board.workspace()).all()
        #expect(staged.count == 1)
        let lock = try #require(staged.first?.value)
        #expect(lock.path == "~/gt/mcp_memory/")
        #expect(lock.holder == "gastown-mayor")
        #expect(lock.since == "2026-02-06T15:10:00.000Z")
        #expect(lock.expires == "2026-02-06T17:10:00.000Z")
        #expect(lock.intent == "v2 cognitive architecture refactoring")
        #expect(lock.source == "import")
        #expect(board.contents("import/locks.jsonl")?.hasSuffix("\n") == true)
    }

    @Test func theSeedBulletinIsCopiedAsWritten() throws {
        let board = try seedBoard()
        let report = try importSeed(board)
        #expect(report.bulletin.copied == 4)
        let bulletin = try #require(board.contents("BULLETIN.md"))
        #expect(bulletin.contains("\n" + SeedFixtures.text("BULLETIN.md")))
        let entries = try Bulletin(try board.workspace()).read(BulletinQuery())
        #expect(entries.first?.agent == "gastown/polecat")
        #expect(entries.first?.message == "Completed bead mm-slx (Remove SQLite/ChromaDB) → PR #31")
        #expect(entries.last?.message.hasPrefix("imported 1 decision (ADR-001), 2 acknowledgements, 1 lock and 4 bulletin entries from ") == true)
    }

    @Test func importingTwiceWritesNothing() throws {
        let board = try seedBoard()
        _ = try importSeed(board)
        let files = ["BULLETIN.md", "decisions.jsonl", "import/locks.jsonl"]
        let before = files.map(board.contents)
        let again = try importSeed(board)
        #expect(!again.changedBoard)
        #expect(again.decisions.alreadyPresent == ["ADR-001"])
        #expect(again.locks.alreadyPresent == 1)
        #expect(again.bulletin.alreadyPresent == 4)
        #expect(files.map(board.contents) == before)
    }

    @Test func aClashingIdIsRenumberedAndKeptAsTheOriginal() throws {
        let board = try seedBoard()
        try Decisions(try board.workspace()).decide(
            DecisionDraft(decision: "Postgres for everything", context: "c", rationale: "r"), as: AgentName("bob"))
        let report = try importSeed(board)
        #expect(report.decisions.imported == [.init(id: "ADR-002", originalID: "ADR-001")])
        let imported = try Decisions(try board.workspace()).show("ADR-002")
        #expect(imported.originalID == "ADR-001")
        #expect(imported.decision == "FalkorDB + CQRS write pattern")
        #expect(try importSeed(board).decisions.alreadyPresent == ["ADR-002"])
        #expect(try Decisions(try board.workspace()).list().count == 2)
    }

    @Test func unknownFieldsSurviveImportAndExport() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let folder = try SeedFixtures.copy(into: scratch.root)
        FileBytes.write(folder + "/DECISIONS.json", Array("""
            {"decisions":[{"id":"ADR-1","decision":"Keep it","consequences":"more ops","actor":"not ours","reason":"kept",
                           "propagated_to":"memory"}]}
            """.utf8))
        FileBytes.write(folder + "/LOCKS.json", Array("""
            {"locks":[{"path":"src/","holder":"bob","since":"2026-02-07T03:00:00+11:00","expires":"2026-02-07T05:00:00+11:00",
                       "source":"by hand","ticket":42}]}
            """.utf8))
        let board = try seedBoard()
        let report = try importSeed(board, from: folder)
        #expect(report.decisions.imported == [.init(id: "ADR-001", originalID: "ADR-1")])
        #expect(report.locks.defaultTTL.isEmpty)
        let out = scratch.root + "/out"
        _ = try SeedExport(try board.workspace()).run(try SeedFolder.create(out, currentDirectory: "/"))
        let decisions = try BoardJSON.decode(JSONValue.self, from: FileBytes.read(out + "/DECISIONS.json") ?? [])
        guard case .object(let document) = decisions, case .array(let list)? = document["decisions"],
              case .object(let decision)? = list.first else { Issue.record("bad DECISIONS.json"); return }
        #expect(decision["consequences"] == .string("more ops"))
        #expect(decision["actor"] == .string("not ours"))
        #expect(decision["reason"] == .string("kept"))
        #expect(decision["original_id"] == .string("ADR-1"))
        #expect(decision["propagated_to"] == .array([.string("memory")]))
        let locks = try BoardJSON.decode(JSONValue.self, from: FileBytes.read(out + "/LOCKS.json") ?? [])
        guard case .object(let lockDocument) = locks, case .array(let lockList)? = lockDocument["locks"],
              case .object(let lock)? = lockList.first else { Issue.record("bad LOCKS.json"); return }
        #expect(lock["source"] == .string("by hand"))
        #expect(lock["ticket"] == .integer(42))
        #expect(lock["expires"] == .string("2026-02-07T05:00:00+11:00"))
    }

    @Test func aBusyBulletinTakesOnlyNewerMissingEntries() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let folder = try SeedFixtures.copy(into: scratch.root)
        FileBytes.append(folder + "/BULLETIN.md", Array("- [04:00] dream-cycle: Later thought\n".utf8))
        let board = try seedBoard()
        board.clock = .fixed(TestTime.at("2026-02-07T03:30:00+11:00"))
        try Bulletin(try board.workspace()).post("already working", as: AgentName("main-session"))
        board.clock = .fixed(TestTime.at("2026-02-07T04:30:00+11:00"))
        let report = try importSeed(board, from: folder)
        #expect(report.bulletin.copied == 1)
        #expect(report.bulletin.leftOut == 4)
        let messages = try Bulletin(try board.workspace()).read(BulletinQuery()).map(\.message)
        #expect(messages.prefix(2) == ["already working", "Later thought"])
    }

    @Test(arguments: [
        ("DECISIONS.json", "{not json", "is not valid JSON"),
        ("DECISIONS.json", #"{"decisions":[{"id":"ADR-001"}]}"#, "has no \"decision\" text"),
        ("DECISIONS.json", #"{"decisions":[{"decision":"x","status":"maybe"}]}"#, "has the status 'maybe'"),
        ("LOCKS.json", #"{"locks":[{"path":"a","holder":"b","since":"yesterday"}]}"#, "not an ISO 8601 time"),
        ("LOCKS.json", #"{"locks":[{"path":"a","since":"2026-02-07T03:00:00Z"}]}"#, "has no \"holder\""),
    ])
    func aBadFileChangesNothing(_ name: String, _ content: String, _ expected: String) throws {
        let scratch = try TemporaryBoard(initialise: false)
        let folder = try SeedFixtures.copy(into: scratch.root)
        FileBytes.write(folder + "/" + name, Array(content.utf8))
        let board = try seedBoard()
        let before = board.contents("BULLETIN.md")
        do {
            _ = try importSeed(board, from: folder)
            Issue.record("a bad \(name) must fail")
        } catch let error as CoordError {
            #expect(error.message.contains(expected))
            #expect(error.message.contains(name))
        }
        #expect(board.contents("BULLETIN.md") == before)
        #expect(board.contents("decisions.jsonl") == nil)
        #expect(board.contents("import/locks.jsonl") == nil)
    }

    @Test func anExportImportsBackToTheSameExport() throws {
        let board = try seedBoard()
        _ = try importSeed(board)
        let decisions = Decisions(try board.workspace())
        try decisions.decide(DecisionDraft(decision: "NATS", context: "c", rationale: "r", supersedes: ["ADR-001"], tags: ["q"]),
                             as: AgentName("main-session"))
        try decisions.decide(DecisionDraft(decision: "Kafka", context: "c", rationale: "r", proposed: true), as: AgentName("bob"))
        try decisions.reject("ADR-003", reason: "heavy", as: AgentName("alice"))
        try decisions.decide(DecisionDraft(decision: "SQS", context: "c", rationale: "r", proposed: true), as: AgentName("bob"))
        // Votes: one closed by its quorum after a changed vote, one open.
        try decisions.decide(DecisionDraft(decision: "OTel", context: "c", rationale: "r", proposed: true, quorum: 2,
                                           voters: ["x", "y", "z"]), as: AgentName("bob"))
        try decisions.vote("ADR-005", .no, as: AgentName("x"))
        try decisions.vote("ADR-005", .yes, reason: "sidecar", as: AgentName("x"))
        try decisions.vote("ADR-005", .yes, as: AgentName("y"))
        try decisions.decide(DecisionDraft(decision: "Jaeger", context: "c", rationale: "r", proposed: true, quorum: 3),
                             as: AgentName("bob"))
        try decisions.vote("ADR-006", .no, as: AgentName("x"))
        let voted = try decisions.list().filter { $0.vote != nil }.map(\.vote)
        let scratch = try TemporaryBoard(initialise: false)
        let first = scratch.root + "/first"
        _ = try SeedExport(try board.workspace()).run(try SeedFolder.create(first, currentDirectory: "/"))

        let copy = try seedBoard()
        _ = try importSeed(copy, from: first)
        let second = scratch.root + "/second"
        _ = try SeedExport(try copy.workspace()).run(try SeedFolder.create(second, currentDirectory: "/"))
        let states = try Decisions(try copy.workspace()).list().map { "\($0.id) \($0.status) \($0.supersededBy ?? "-")" }
        #expect(states == ["ADR-001 superseded ADR-002", "ADR-002 accepted -", "ADR-003 rejected -", "ADR-004 proposed -",
                           "ADR-005 accepted -", "ADR-006 proposed -"])
        #expect(try Decisions(try copy.workspace()).list().filter { $0.vote != nil }.map(\.vote) == voted)
        #expect(FileBytes.read(second + "/LOCKS.json") == FileBytes.read(first + "/LOCKS.json"))
        // Events the first board made itself come back marked as imported; from then on the export is stable.
        let third = try seedBoard()
        _ = try importSeed(third, from: second)
        let again = scratch.root + "/third"
        _ = try SeedExport(try third.workspace()).run(try SeedFolder.create(again, currentDirectory: "/"))
        #expect(FileBytes.read(again + "/DECISIONS.json") == FileBytes.read(second + "/DECISIONS.json"))
    }
}

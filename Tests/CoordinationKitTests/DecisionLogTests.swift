import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// The fold over `decisions.jsonl` when the journal was merged or edited by hand.
@Suite struct DecisionLogTests {
    private func line(_ fields: String) -> [UInt8] { Array((fields + "\n").utf8) }

    private let decided = #"{"v":1,"event":"decided","id":"n1","adr":"ADR-001","at":"2026-11-21T09:00:00.000Z","actor":"a","decision":"One","context":"c","rationale":"r","status":"accepted"}"#

    @Test func aRepeatedEventIsAppliedOnce() throws {
        try TemporaryBoard.with { board in
            let ack = #"{"v":1,"event":"acked","id":"n2","adr":"ADR-001","at":"2026-11-21T09:01:00.000Z","actor":"m"}"#
            board.appendRaw("decisions.jsonl", line(decided) + line(ack) + line(ack))
            let decision = try Decisions(try board.workspace()).show("ADR-001")
            #expect(decision.acknowledgedBy == ["m"])
            #expect(decision.history.count == 2)
        }
    }

    @Test func theEarlierOfTwoDecisionsWithOneIdWinsAndIsReported() throws {
        try TemporaryBoard.with { board in
            let twin = #"{"v":1,"event":"decided","id":"n9","adr":"ADR-001","at":"2026-11-21T09:02:00.000Z","actor":"b","decision":"Other","context":"c","rationale":"r"}"#
            board.appendRaw("decisions.jsonl", line(decided) + line(twin))
            let decisions = Decisions(try board.workspace())
            let listing = try decisions.listing()
            #expect(listing.decisions.map(\.decision) == ["One"])
            #expect(listing.conflicts.count == 1)
            #expect(listing.conflicts.first?.contains("ADR-001 is recorded twice") == true)
            // The next id still goes past both.
            #expect(try decisions.decide(DecisionDraft(decision: "Two", context: "c", rationale: "r"), as: AgentName("a")).id == "ADR-002")
        }
    }

    @Test func unknownFieldsAndEventsSurvive() throws {
        try TemporaryBoard.with { board in
            let extended = #"{"v":1,"event":"decided","id":"n1","adr":"ADR-001","at":"2026-11-21T09:00:00.000Z","actor":"a","decision":"One","context":"c","rationale":"r","consequences":["x","y"]}"#
            let future = #"{"v":1,"event":"reviewed","id":"n3","adr":"ADR-001","at":"2026-11-21T09:05:00.000Z","actor":"r","score":5}"#
            board.appendRaw("decisions.jsonl", line(extended) + line(future) + line("not json"))
            let decision = try Decisions(try board.workspace()).show("ADR-001")
            #expect(decision.extra["consequences"] == .array([.string("x"), .string("y")]))
            #expect(decision.status == .accepted)
            #expect(decision.history.last?.event == "reviewed")
            #expect(decision.history.last?.extra["score"] == .integer(5))
            guard case .object(let object) = DecisionDocument.object(decision) else { Issue.record("not an object"); return }
            #expect(object["consequences"] == .array([.string("x"), .string("y")]))
        }
    }

    @Test func aJournalFromANewerCoordIsRefused() throws {
        try TemporaryBoard.with { board in
            board.appendRaw("decisions.jsonl", line(#"{"v":2,"event":"decided","id":"n1","adr":"ADR-001","at":"x","actor":"a"}"#))
            #expect(throws: CoordError.self) { try Decisions(try board.workspace()).list() }
        }
    }

    @Test func theDocumentHasTheSeedShapeWithCoordsAdditions() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(DecisionDraft(decision: "One", context: "c", rationale: "r", tags: ["t"]), as: AgentName("main"))
            try decisions.acknowledge(["ADR-001"], as: AgentName("mayor"))
            let bytes = try BoardJSON.document(DecisionDocument(try decisions.list()))
            let document = try BoardJSON.decode([String: JSONValue].self, from: bytes)
            #expect(document["v"] == .integer(1))
            guard case .array(let list)? = document["decisions"], case .object(let first)? = list.first else {
                Issue.record("no decisions list"); return
            }
            #expect(Set(first.keys) == ["id", "date", "context", "decision", "rationale", "source", "propagated_to",
                                        "status", "supersedes", "superseded_by", "tags", "history"])
            #expect(first["propagated_to"] == .array([.string("mayor")]))
            #expect(first["superseded_by"] == .null)
            #expect(first["source"] == .string("main"))
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

private func draft(_ text: String, proposed: Bool = false, supersedes: [String] = [], tags: [String] = []) -> DecisionDraft {
    DecisionDraft(decision: text, context: "context of \(text)", rationale: "rationale of \(text)",
                  supersedes: supersedes, proposed: proposed, tags: tags)
}

@Suite struct DecisionsTests {
    @Test func decidingHandsOutConsecutiveIdsAndPostsOneLineEach() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            let first = try decisions.decide(draft("FalkorDB + CQRS write pattern"), as: AgentName("main-session"))
            let second = try decisions.decide(draft("Redis queue"), as: AgentName("dream-cycle"))
            #expect([first.id, second.id] == ["ADR-001", "ADR-002"])
            #expect(first.source == "main-session")
            #expect(first.status == .accepted)
            #expect(first.date == "2026-11-21")
            let entries = try Bulletin(try board.workspace()).read(BulletinQuery())
            #expect(entries.map(\.message) == ["decided ADR-001: FalkorDB + CQRS write pattern", "decided ADR-002: Redis queue"])
        }
    }

    @Test func aProposalIsApprovedWithItsActorAndTime() throws {
        try TemporaryBoard.with { board in
            try Decisions(try board.workspace()).decide(draft("Use NATS", proposed: true), as: AgentName("dream-cycle"))
            board.clock = .fixed(TestTime.at("2026-11-21T10:15:00Z"))
            let approved = try Decisions(try board.workspace()).approve("ADR-001", as: AgentName("alice"))
            #expect(approved.status == .accepted)
            let approval = try #require(approved.history.last)
            #expect(approval.event == "approved")
            #expect(approval.actor == "alice")
            #expect(approval.at == TestTime.at("2026-11-21T10:15:00Z"))
            let lines = try Bulletin(try board.workspace()).read(BulletinQuery()).map(\.message)
            #expect(lines == ["proposed ADR-001: Use NATS", "approved ADR-001: Use NATS"])
        }
    }

    @Test func aRejectionKeepsItsReasonAndTheDecision() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Use Kafka", proposed: true), as: AgentName("bob"))
            let rejected = try decisions.reject("1", reason: "too heavy to run", as: AgentName("alice"))
            #expect(rejected.status == .rejected)
            #expect(rejected.rejectionReason == "too heavy to run")
            #expect(try decisions.list().count == 1)
            #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).last?.message
                == "rejected ADR-001: Use Kafka (too heavy to run)")
        }
    }

    @Test func onlyProposalsCanBeSettled() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Accepted already"), as: AgentName("a"))
            #expect(throws: CoordError.self) { try decisions.approve("ADR-001", as: AgentName("b")) }
            do {
                try decisions.reject("ADR-001", reason: "no", as: AgentName("b"))
                Issue.record("rejecting an accepted decision must fail")
            } catch let error as CoordError {
                #expect(error.exitStatus == ExitStatus.refused)
                #expect(error.message.contains("--supersedes ADR-001"))
            }
        }
    }

    @Test func supersedingLinksBothWays() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Redis queue"), as: AgentName("a"))
            let newer = try decisions.decide(draft("NATS queue", supersedes: ["ADR-001"]), as: AgentName("b"))
            let older = try decisions.show("ADR-001")
            #expect(newer.supersedes == ["ADR-001"])
            #expect(older.status == .superseded)
            #expect(older.supersededBy == "ADR-002")
            #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).last?.message
                == "decided ADR-002: NATS queue (supersedes ADR-001)")
        }
    }

    @Test func aProposedReplacementSupersedesOnlyOnceApproved() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Redis queue"), as: AgentName("a"))
            try decisions.decide(draft("NATS queue", proposed: true, supersedes: ["ADR-001"]), as: AgentName("b"))
            #expect(try decisions.show("ADR-001").status == .accepted)
            try decisions.approve("ADR-002", as: AgentName("c"))
            #expect(try decisions.show("ADR-001").status == .superseded)
            #expect(try decisions.show("ADR-001").supersededBy == "ADR-002")
        }
    }

    @Test func aProposalCannotReplaceWhatWasReplacedMeanwhile() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Redis queue"), as: AgentName("a"))
            try decisions.decide(draft("NATS queue", proposed: true, supersedes: ["ADR-001"]), as: AgentName("b"))
            try decisions.decide(draft("Kafka queue", supersedes: ["ADR-001"]), as: AgentName("c"))
            do {
                try decisions.approve("ADR-002", as: AgentName("d"))
                Issue.record("approving must fail once ADR-001 is superseded")
            } catch let error as CoordError {
                #expect(error.exitStatus == ExitStatus.refused)
                #expect(error.message == "Cannot approve ADR-002 because ADR-001, which it supersedes, was superseded by ADR-003 in the meantime; reject ADR-002 and propose again against what is in force now.")
            }
            #expect(try decisions.show("ADR-002").status == .proposed)
            #expect(try decisions.show("ADR-001").supersededBy == "ADR-003")
        }
    }

    @Test func onlyAcceptedDecisionsCanBeSuperseded() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("Maybe Kafka", proposed: true), as: AgentName("a"))
            let before = board.contents("decisions.jsonl")
            do {
                try decisions.decide(draft("Kafka after all", supersedes: ["ADR-001"]), as: AgentName("b"))
                Issue.record("superseding a proposal must fail")
            } catch let error as CoordError {
                #expect(error.exitStatus == ExitStatus.refused)
            }
            #expect(throws: CoordError.self) { try decisions.decide(draft("x", supersedes: ["ADR-009"]), as: AgentName("b")) }
            #expect(board.contents("decisions.jsonl") == before)
        }
    }

    @Test func unackedIsPerAgentAndSkipsWhatTheyMadeOrWhatIsSettled() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("One"), as: AgentName("main"))
            try decisions.decide(draft("Two", proposed: true), as: AgentName("main"))
            try decisions.decide(draft("Three", proposed: true), as: AgentName("main"))
            try decisions.reject("ADR-003", reason: "no", as: AgentName("main"))
            let result = try decisions.acknowledge(["ADR-001", "adr-1"], as: AgentName("mayor"))
            #expect(result == AckResult(acknowledged: ["ADR-001"], alreadyKnown: []))
            #expect(try decisions.acknowledge(["1"], as: AgentName("mayor")).alreadyKnown == ["ADR-001"])
            #expect(try decisions.list(DecisionQuery(unackedBy: "mayor")).map(\.id) == ["ADR-002"])
            #expect(try decisions.list(DecisionQuery(unackedBy: "polecat")).map(\.id) == ["ADR-001", "ADR-002"])
            #expect(try decisions.list(DecisionQuery(unackedBy: "main")).isEmpty)
            #expect(try decisions.show("ADR-001").acknowledgedBy == ["mayor"])
        }
    }

    @Test func ackingAnUnknownIdRecordsNothing() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(draft("One"), as: AgentName("main"))
            let before = board.contents("decisions.jsonl")
            do {
                try decisions.acknowledge(["ADR-001", "ADR-002"], as: AgentName("mayor"))
                Issue.record("an unknown id must fail")
            } catch let error as CoordError {
                #expect(error.exitStatus == ExitStatus.notFound)
                #expect(error.message.contains("ADR-002"))
            }
            #expect(board.contents("decisions.jsonl") == before)
        }
    }

    @Test func searchStatusAndSinceFilter() throws {
        try TemporaryBoard.with { board in
            try Decisions(try board.workspace()).decide(draft("Graph store", tags: ["Storage"]), as: AgentName("a"))
            board.clock = .fixed(TestTime.at("2026-11-21T12:00:00Z"))
            let decisions = Decisions(try board.workspace())
            try decisions.decide(DecisionDraft(decision: "Queue", context: "Ordering of events", rationale: "REDIS is there",
                                               proposed: true), as: AgentName("a"))
            #expect(try decisions.list(DecisionQuery(search: "storage")).map(\.id) == ["ADR-001"])
            #expect(try decisions.list(DecisionQuery(search: "redis")).map(\.id) == ["ADR-002"])
            #expect(try decisions.list(DecisionQuery(search: "ORDERING")).map(\.id) == ["ADR-002"])
            #expect(try decisions.list(DecisionQuery(status: .proposed)).map(\.id) == ["ADR-002"])
            #expect(try decisions.list(DecisionQuery(status: .active)).count == 2)
            #expect(try decisions.list(DecisionQuery(since: TestTime.at("2026-11-21T11:00:00Z"))).map(\.id) == ["ADR-002"])
            // A status change counts as news for --since.
            board.clock = .fixed(TestTime.at("2026-11-21T15:00:00Z"))
            try Decisions(try board.workspace()).decide(draft("Newer", supersedes: ["ADR-001"]), as: AgentName("a"))
            #expect(try decisions.list(DecisionQuery(since: TestTime.at("2026-11-21T14:00:00Z"))).map(\.id) == ["ADR-001", "ADR-003"])
        }
    }

    @Test(arguments: ["", "   ", "\n\t"])
    func anEmptyDecisionIsRefusedAndChangesNothing(_ text: String) throws {
        try TemporaryBoard.with { board in
            do {
                try Decisions(try board.workspace()).decide(draft(text), as: AgentName("a"))
                Issue.record("an empty decision must fail")
            } catch let error as CoordError {
                #expect(error.exitStatus == ExitStatus.usage)
                #expect(error.message.contains("decision is empty"))
            }
            #expect(board.contents("decisions.jsonl") == nil)
        }
    }

    @Test func idsParseInTheUsualForms() throws {
        #expect(try DecisionID.parse("ADR-007") == "ADR-007")
        #expect(try DecisionID.parse("adr-7") == "ADR-007")
        #expect(try DecisionID.parse("7") == "ADR-007")
        #expect(DecisionID.format(1000) == "ADR-1000")
        for bad in ["ADR-", "ADR-x", "x7", "ADR-0", "-3"] {
            #expect(throws: CoordError.self) { try DecisionID.parse(bad) }
        }
    }
}

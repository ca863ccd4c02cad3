import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Votes on proposals: the rules in `Decisions.vote` and the fold in `DecisionLog`.
@Suite struct DecisionVoteTests {
    private func proposal(quorum: Int, voters: [String] = [], supersedes: [String] = []) -> DecisionDraft {
        DecisionDraft(decision: "Adopt OpenTelemetry", context: "No tracing", rationale: "Standard", supersedes: supersedes,
                      proposed: true, quorum: quorum, voters: voters)
    }

    private func refusal(_ body: () throws -> Void) -> CoordError? {
        do { try body() } catch let error as CoordError { return error } catch { Issue.record("\(error)") }
        return nil
    }

    @Test func theVoteThatReachesTheQuorumClosesItByMajorityWithTheTally() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(proposal(quorum: 3), as: AgentName("lead"))
            let first = try decisions.vote("ADR-001", .yes, as: AgentName("alice"))
            #expect(!first.closed)
            #expect(first.decision.status == .proposed)
            #expect(first.decision.vote?.isOpen == true)
            try decisions.vote("ADR-001", .no, as: AgentName("bob"))
            let last = try decisions.vote("ADR-001", .yes, as: AgentName("carol"))
            #expect(last.closed)
            #expect(last.decision.status == .accepted)
            #expect(last.decision.vote?.state == .accepted)
            #expect(last.decision.vote?.closedBy == "carol")
            #expect(last.decision.history.last?.event == "approved")
            #expect(last.decision.history.last?.tally == VoteTally(yes: ["alice", "carol"], no: ["bob"]))
            #expect(try decisions.show("ADR-001") == last.decision)
        }
    }

    @Test func aTieAtTheQuorumRejectsAndSaysWhy() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(proposal(quorum: 2), as: AgentName("lead"))
            try decisions.vote("ADR-001", .yes, as: AgentName("alice"))
            let last = try decisions.vote("ADR-001", .no, as: AgentName("bob"))
            #expect(last.decision.status == .rejected)
            #expect(last.decision.vote?.state == .rejected)
            #expect(last.decision.rejectionReason == "the vote closed 1 yes, 1 no (quorum 2), a tie, which rejects")
        }
    }

    @Test func aSecondVoteReplacesTheFirstCountsOnceAndIsKept() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(proposal(quorum: 2), as: AgentName("lead"))
            try decisions.vote("ADR-001", .yes, as: AgentName("alice"))
            let changed = try decisions.vote("ADR-001", .no, reason: "too slow", as: AgentName("alice"))
            #expect(changed.replaced == .yes)
            #expect(!changed.closed)
            let vote = try #require(changed.decision.vote)
            #expect(vote.ballots.count == 1)
            #expect(vote.ballots[0].choice == .no)
            #expect(vote.ballots[0].replaced == [.yes])
            #expect(vote.ballots[0].reason == "too slow")
            #expect(changed.decision.history.map(\.event) == ["decided", "voted", "voted"])
            #expect(changed.decision.history.last?.replacedVote == .yes)
            // The same vote for the same reason again writes nothing.
            let again = try decisions.vote("ADR-001", .no, reason: "too slow", as: AgentName("alice"))
            #expect(again.unchanged)
            #expect(try decisions.show("ADR-001").history.count == 3)
            let text = DecisionText.full(try decisions.show("ADR-001"), zone: .utc, style: .plain)
            #expect(text.contains("voted no by alice, changed from yes to no: too slow"))
            #expect(text.contains("alice  no  (changed from yes to no): too slow"))
        }
    }

    @Test func votesAreRefusedAfterTheCloseFromNonVotersAndOnDecisionsNotPutToAVote() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(proposal(quorum: 1, voters: ["alice", "bob"]), as: AgentName("lead"))
            try decisions.decide(DecisionDraft(decision: "Plain", context: "c", rationale: "r", proposed: true), as: AgentName("lead"))
            let stranger = refusal { try decisions.vote("ADR-001", .yes, as: AgentName("mallory")) }
            #expect(stranger?.exitStatus == ExitStatus.refused)
            #expect(stranger?.message == "mallory cannot vote on ADR-001 because only alice, bob may; vote as one of them with --as NAME.")
            try decisions.vote("ADR-001", .yes, as: AgentName("alice"))
            let late = refusal { try decisions.vote("ADR-001", .no, as: AgentName("bob")) }
            #expect(late?.exitStatus == ExitStatus.refused)
            #expect(late?.message.contains("its vote closed accepted at 1 yes, 0 no (quorum 1)") == true)
            let plain = refusal { try decisions.vote("ADR-002", .yes, as: AgentName("alice")) }
            #expect(plain?.exitStatus == ExitStatus.refused)
            #expect(plain?.message.contains("proposed without --quorum") == true)
            #expect(refusal { try decisions.vote("ADR-009", .yes, as: AgentName("alice")) }?.exitStatus == ExitStatus.notFound)
            // Nothing refused reached the journal: decided ×2, voted, approved.
            #expect(try decisions.show("ADR-001").history.map(\.event) == ["decided", "voted", "approved"])
        }
    }

    @Test func openingAVoteChecksItsOptions() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            var notProposed = proposal(quorum: 2)
            notProposed.proposed = false
            for draft in [notProposed, proposal(quorum: 0), proposal(quorum: 3, voters: ["a", "b"]),
                          DecisionDraft(decision: "d", context: "c", rationale: "r", proposed: true, voters: ["a"])] {
                #expect(refusal { try decisions.decide(draft, as: AgentName("lead")) }?.exitStatus == ExitStatus.usage)
            }
            #expect(try decisions.list().isEmpty)
            let opened = try decisions.decide(proposal(quorum: 2, voters: ["a,b", "b", "c"]), as: AgentName("lead"))
            #expect(opened.vote?.voters == ["a", "b", "c"])
        }
    }

    @Test func approvingByHandWhileTheVoteIsOpenOverridesItAndKeepsTheTally() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(proposal(quorum: 3), as: AgentName("lead"))
            try decisions.vote("ADR-001", .no, as: AgentName("bob"))
            let approved = try decisions.approve("ADR-001", as: AgentName("lead"))
            #expect(approved.status == .accepted)
            #expect(approved.vote?.state == .overridden)
            #expect(approved.vote?.closedBy == "lead")
            #expect(approved.history.last?.overridesVote == true)
            #expect(approved.history.last?.tally == VoteTally(yes: [], no: ["bob"]))
            #expect(refusal { try decisions.vote("ADR-001", .yes, as: AgentName("carol")) }?.exitStatus == ExitStatus.refused)
        }
    }

    @Test func aDecidingYesIsRefusedWhenWhatItSupersedesIsNoLongerInForce() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(DecisionDraft(decision: "Old", context: "c", rationale: "r"), as: AgentName("lead"))
            try decisions.decide(proposal(quorum: 1, supersedes: ["ADR-001"]), as: AgentName("lead"))
            try decisions.decide(DecisionDraft(decision: "Newer", context: "c", rationale: "r", supersedes: ["ADR-001"]),
                                 as: AgentName("lead"))
            #expect(refusal { try decisions.vote("ADR-002", .yes, as: AgentName("alice")) }?.exitStatus == ExitStatus.refused)
            // A no still closes it.
            #expect(try decisions.vote("ADR-002", .no, as: AgentName("alice")).decision.status == .rejected)
        }
    }

    // MARK: The fold on merged, hand-edited or older journals

    private func line(_ fields: String) -> [UInt8] { Array((fields + "\n").utf8) }
    private let opened = #"{"v":1,"event":"decided","id":"n1","adr":"ADR-001","at":"2026-11-21T09:00:00.000Z","actor":"lead","decision":"One","context":"c","rationale":"r","status":"proposed","quorum":1}"#

    @Test func aVoteAfterTheCloseStaysInTheHistoryButNotInTheTally() throws {
        try TemporaryBoard.with { board in
            let yes = #"{"v":1,"event":"voted","id":"n2","adr":"ADR-001","at":"2026-11-21T09:01:00.000Z","actor":"a","vote":"yes"}"#
            let close = #"{"v":1,"event":"approved","id":"n3","adr":"ADR-001","at":"2026-11-21T09:01:00.000Z","actor":"a","quorum":1,"tally":{"yes":["a"],"no":[]}}"#
            let late = #"{"v":1,"event":"voted","id":"n4","adr":"ADR-001","at":"2026-11-21T09:02:00.000Z","actor":"b","vote":"no"}"#
            board.appendRaw("decisions.jsonl", line(opened) + line(yes) + line(close) + line(late))
            let decision = try Decisions(try board.workspace()).show("ADR-001")
            #expect(decision.status == .accepted)
            #expect(decision.vote?.state == .accepted)
            #expect(decision.vote?.tally == VoteTally(yes: ["a"], no: []))
            #expect(decision.history.map(\.event) == ["decided", "voted", "approved", "voted"])
        }
    }

    @Test func anApprovalWithoutATallyFromAnOlderCoordCountsAsAnOverride() throws {
        try TemporaryBoard.with { board in
            let approval = #"{"v":1,"event":"approved","id":"n2","adr":"ADR-001","at":"2026-11-21T09:01:00.000Z","actor":"lead"}"#
            board.appendRaw("decisions.jsonl", line(opened) + line(approval))
            let decision = try Decisions(try board.workspace()).show("ADR-001")
            #expect(decision.status == .accepted)
            #expect(decision.vote?.state == .overridden)
        }
    }

    @Test func theDocumentCarriesTheVoteOnlyForDecisionsPutToAVote() throws {
        try TemporaryBoard.with { board in
            let decisions = Decisions(try board.workspace())
            try decisions.decide(DecisionDraft(decision: "Plain", context: "c", rationale: "r"), as: AgentName("lead"))
            try decisions.decide(proposal(quorum: 2, voters: ["a", "b"]), as: AgentName("lead"))
            try decisions.vote("ADR-002", .yes, reason: "fine", as: AgentName("a"))
            let objects = try decisions.list().map(DecisionDocument.object)
            guard case .object(let plain) = objects[0], case .object(let voting) = objects[1],
                  case .object(let vote)? = voting["vote"] else { Issue.record("not objects"); return }
            #expect(plain["vote"] == nil)
            #expect(Set(vote.keys) == ["quorum", "voters", "state", "yes", "no", "ballots", "closed_at", "closed_by"])
            #expect(vote["state"] == .string("open"))
            #expect(vote["yes"] == .array([.string("a")]))
            #expect(vote["closed_at"] == .null)
            #expect(vote["ballots"] == .array([.object(["agent": .string("a"), "vote": .string("yes"), "reason": .string("fine"),
                                                        "at": .string(Timestamp.utc(board.clock.now())), "replaced": .array([])])]))
        }
    }
}

import CoordStorage
import FoundationEssentials

/// What `coord vote` did.
public struct VoteResult: Sendable, Equatable {
    /// The decision as it stands after the vote (closed when the vote reached the quorum).
    public var decision: Decision
    public var agent: String
    public var choice: VoteChoice
    /// The agent's earlier vote that this one replaced.
    public var replaced: VoteChoice?
    /// The agent had already voted this way for the same reason: nothing was written.
    public var unchanged: Bool
    /// This vote reached the quorum and closed the vote.
    public var closed: Bool
}

extension Decisions {
    /// Records `agent`'s vote on a proposal opened with `--quorum`. A second vote
    /// by the same agent replaces its first (both stay in the journal). The vote
    /// that reaches the quorum also appends the `approved` or `rejected` closing
    /// it, with the tally, in the same write under the board lock, so however
    /// many agents vote at once the vote closes exactly once.
    @discardableResult
    public func vote(_ id: String, _ choice: VoteChoice, reason: String? = nil, as agent: AgentName,
                     key: IdempotencyKey? = nil) throws -> VoteResult {
        let id = try DecisionID.parse(id)
        let reason = try reason.map {
            try Self.validated($0, name: "--reason", limit: Self.maximumTextBytes,
                               example: "--reason \"the queue adds a second moving part\"")
        }
        let now = workspace.clock.now()
        let zone = workspace.timeZone
        var announce = false
        let result: VoteResult = try workspace.board.withExclusiveLock {
            let recorded = try events()
            if let earlier = try keyedVote(key, by: agent, in: recorded, now: now) { return earlier }
            let log = DecisionLog(recorded, zone: zone)
            let proposal = try log.require(id)
            guard let vote = proposal.vote else { throw CoordError.notOpenForVote(proposal) }
            guard vote.isOpen, proposal.status == .proposed else { throw CoordError.voteClosed(proposal) }
            guard vote.admits(agent.rawValue) else { throw CoordError.notAVoter(agent.rawValue, proposal) }
            let standing = vote.ballot(of: agent.rawValue)
            if let standing, standing.choice == choice, standing.reason == reason {
                return VoteResult(decision: proposal, agent: agent.rawValue, choice: choice, replaced: nil,
                                  unchanged: true, closed: false)
            }
            var ballot = DecisionEvent(event: .voted, adr: id, at: Timestamp.utc(now), actor: agent.rawValue)
            ballot.vote = choice.rawValue
            ballot.reason = reason
            ballot.key = key?.rawValue
            var events = [ballot]
            let ballots = vote.casting(choice, by: agent.rawValue, reason: reason, at: now)
            if let outcome = DecisionVote.outcome(of: ballots, quorum: vote.quorum) {
                let tally = VoteTally(yes: ballots.filter { $0.choice == .yes }.map(\.agent),
                                      no: ballots.filter { $0.choice == .no }.map(\.agent))
                var closing = DecisionEvent(event: outcome == .accepted ? .approved : .rejected, adr: id,
                                            at: Timestamp.utc(now), actor: agent.rawValue)
                closing.tally = tally
                closing.quorum = vote.quorum
                if outcome == .accepted {
                    for target in proposal.supersedes {
                        let existing = try log.require(target)
                        if existing.status != .accepted { throw CoordError.approvalBlocked(id, by: existing) }
                    }
                    events.append(closing)
                    events += Self.supersession(of: proposal.supersedes, by: id, at: now, actor: agent.rawValue)
                } else {
                    closing.reason = Self.tallySentence(tally, quorum: vote.quorum)
                    events.append(closing)
                }
                announce = true
            }
            let decision = try append(events, to: recorded)
            return VoteResult(decision: decision, agent: agent.rawValue, choice: choice, replaced: standing?.choice,
                              unchanged: false, closed: announce)
        }
        if announce {
            let verb = result.decision.status == .accepted ? "approved" : "rejected"
            Bulletin(workspace).announce(Self.bulletinLine(verb, result.decision) + " " + Self.closingNote(result.decision),
                                         as: agent)
        }
        return result
    }

    /// The vote `agent` cast with `key` within the window, reported as that call
    /// reported it (what it replaced, whether it closed the vote), with the
    /// decision as it stands now.
    private func keyedVote(_ key: IdempotencyKey?, by agent: AgentName, in recorded: [Stored<DecisionEvent>],
                           now: Date) throws -> VoteResult? {
        guard let key else { return nil }
        let horizon = Timestamp.utc(IdempotencyKey.horizon(now))
        guard let index = recorded.lastIndex(where: {
            $0.value.event == .voted && $0.value.key == key.rawValue && $0.value.actor == agent.rawValue && $0.value.at >= horizon
        }), let choice = recorded[index].value.vote.flatMap(VoteChoice.init(rawValue:)) else { return nil }
        let event = recorded[index].value
        let before = DecisionLog(Array(recorded[..<index]), zone: workspace.timeZone).decision(event.adr)
        let next = recorded.indices.contains(index + 1) ? recorded[index + 1].value : nil
        let closed = next.map {
            [.approved, .rejected].contains($0.event) && $0.adr == event.adr && $0.actor == event.actor && $0.tally != nil
                && $0.overridesVote != true
        } ?? false
        let decision = try DecisionLog(recorded, zone: workspace.timeZone).require(event.adr)
        IdempotencyKey.noteRepeat(key, decision.id)
        return VoteResult(decision: decision, agent: agent.rawValue, choice: choice,
                          replaced: before?.vote?.ballot(of: agent.rawValue)?.choice, unchanged: false, closed: closed)
    }

    // MARK: Rules and wording

    /// The voters of `draft` (nil when anyone may vote), after checking the vote's options.
    static func validatedVote(_ draft: DecisionDraft) throws -> [String]? {
        guard let quorum = draft.quorum else {
            if !draft.voters.isEmpty {
                throw CoordError.invalidInput("--voters needs --quorum N: say how many votes close the vote, for example --proposed --quorum 2 --voters \(draft.voters.joined(separator: ",")).")
            }
            return nil
        }
        guard draft.proposed else {
            throw CoordError.invalidInput("--quorum opens a vote on a proposal; add --proposed, for example: coord decide … --proposed --quorum \(quorum).")
        }
        guard quorum >= 1 else {
            throw CoordError.invalidInput("--quorum \(quorum) is not a number of votes; use 1 or more, for example --quorum 2.")
        }
        var voters: [String] = []
        for name in draft.voters.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let agent = try AgentName(String(name.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()))
            if !voters.contains(agent.rawValue) { voters.append(agent.rawValue) }
        }
        if voters.isEmpty { return nil }
        guard quorum <= voters.count else {
            throw CoordError.invalidInput("--quorum \(quorum) can never be reached by the \(voters.count) voter\(voters.count == 1 ? "" : "s") named in --voters; lower the quorum or name more voters.")
        }
        return voters
    }

    /// An approve or reject by hand while the vote is open closes it as an override, keeping the tally so far.
    static func recordOverride(of proposal: Decision, in event: inout DecisionEvent) {
        guard let vote = proposal.vote, vote.isOpen else { return }
        event.overridesVote = true
        event.tally = vote.tally
        event.quorum = vote.quorum
    }

    /// `1 yes, 2 no (quorum 3)`.
    static func tallySummary(_ tally: VoteTally, quorum: Int) -> String {
        "\(tally.yes.count) yes, \(tally.no.count) no (quorum \(quorum))"
    }

    /// The reason recorded when a vote rejects: `the vote closed 1 yes, 2 no (quorum 3)`.
    static func tallySentence(_ tally: VoteTally, quorum: Int) -> String {
        let tie = tally.yes.count == tally.no.count ? ", a tie, which rejects" : ""
        return "the vote closed \(tallySummary(tally, quorum: quorum))\(tie)"
    }

    /// On the `proposed` line: `(vote: quorum 2 of alice, bob, carol)`; past eight voters, their number.
    static func openingNote(_ vote: DecisionVote) -> String {
        let voters = vote.voters.map { $0.count <= 8 ? " of " + $0.joined(separator: ", ") : " of \($0.count) named voters" } ?? ""
        return "(vote: quorum \(vote.quorum)" + voters + ")"
    }

    /// On the closing line: `by vote: 2 yes, 1 no (quorum 3)`.
    static func closingNote(_ decision: Decision) -> String {
        guard let vote = decision.vote else { return "" }
        return "by vote: " + tallySummary(vote.tally, quorum: vote.quorum)
    }

    /// ` overriding the vote at 1 yes, 0 no (quorum 3)` after a hand approve or reject of an open vote.
    static func overrideNote(_ decision: Decision) -> String {
        guard let vote = decision.vote, vote.state == .overridden, decision.history.last?.overridesVote == true else { return "" }
        return " overriding the vote at " + tallySummary(vote.tally, quorum: vote.quorum)
    }
}

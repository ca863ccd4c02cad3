import FoundationEssentials

/// A vote: `yes` accepts, `no` rejects.
public enum VoteChoice: String, Codable, Sendable, CaseIterable {
    case yes, no
}

/// One agent's vote as it stands: the latest it cast, and the choices it replaced.
public struct Ballot: Sendable, Equatable {
    public var agent: String
    public var choice: VoteChoice
    public var reason: String?
    /// When the standing vote was cast.
    public var at: Date
    /// The agent's earlier votes, oldest first, each replaced by the next.
    public var replaced: [VoteChoice]
}

/// The vote on a proposal opened with `coord decide --proposed --quorum N`.
///
/// **The rule.** The vote closes when `quorum` different agents have voted
/// (a changed vote still counts once). It closes accepted when those votes hold
/// more `yes` than `no`, and rejected otherwise: a tie keeps what is in force.
/// So it closes exactly once, and cannot stall while enough voters remain
/// (`quorum` is at most the number of named voters). An approve or reject by
/// hand while it is open closes it too, recorded as overriding the vote.
public struct DecisionVote: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Waiting for votes.
        case open
        /// Closed by reaching the quorum, with more yes than no.
        case accepted
        /// Closed by reaching the quorum, with no more yes than no.
        case rejected
        /// Closed by `coord approve` or `coord reject` before the quorum was reached.
        case overridden
    }

    public var quorum: Int
    /// Who may vote; nil when any agent may.
    public var voters: [String]?
    /// The standing votes, in the order the agents first voted.
    public var ballots: [Ballot]
    public var state: State
    /// When and by whom it closed (the deciding voter, or who overrode it).
    public var closedAt: Date?
    public var closedBy: String?

    public init(quorum: Int, voters: [String]?) {
        self.quorum = quorum
        self.voters = voters
        ballots = []
        state = .open
    }

    public var isOpen: Bool { state == .open }

    /// The agents voting yes, in the order they first voted.
    public var yes: [String] { ballots.filter { $0.choice == .yes }.map(\.agent) }
    public var no: [String] { ballots.filter { $0.choice == .no }.map(\.agent) }

    public var tally: VoteTally { VoteTally(yes: yes, no: no) }

    public func ballot(of agent: String) -> Ballot? { ballots.first { $0.agent == agent } }

    /// True when `agent` may vote (every agent, when no voters were named).
    public func admits(_ agent: String) -> Bool { voters?.contains(agent) ?? true }

    /// The ballots after `agent` votes `choice`: a first vote is added, a second replaces the first.
    func casting(_ choice: VoteChoice, by agent: String, reason: String?, at: Date) -> [Ballot] {
        var result = ballots
        if let index = result.firstIndex(where: { $0.agent == agent }) {
            result[index].replaced.append(result[index].choice)
            result[index].choice = choice
            result[index].reason = reason
            result[index].at = at
        } else {
            result.append(Ballot(agent: agent, choice: choice, reason: reason, at: at, replaced: []))
        }
        return result
    }

    /// What a vote with these ballots decides: nil below the quorum, else accepted
    /// with more yes than no, rejected otherwise (a tie rejects).
    static func outcome(of ballots: [Ballot], quorum: Int) -> DecisionStatus? {
        guard ballots.count >= quorum else { return nil }
        let yes = ballots.filter { $0.choice == .yes }.count
        return yes > ballots.count - yes ? .accepted : .rejected
    }
}

import CoordStorage
import FoundationEssentials

/// Where a decision stands, following the usual ADR convention.
public enum DecisionStatus: String, Codable, Sendable, CaseIterable {
    /// Recorded with `--proposed`, waiting for `approve` or `reject`.
    case proposed
    /// In force (the default for `coord decide`).
    case accepted
    /// A proposal that was turned down.
    case rejected
    /// Replaced by a later accepted decision.
    case superseded

    /// Accepted and proposed decisions are the ones agents must know about.
    public var isActive: Bool { self == .accepted || self == .proposed }
}

/// One event in a decision's history, as shown by `coord decision show`.
public struct DecisionHistoryEntry: Sendable, Equatable {
    public var event: String
    public var actor: String
    public var at: Date
    /// The initial status, for `decided`.
    public var status: String?
    public var reason: String?
    public var by: String?
    public var origin: String?
    /// Fields of the event this coord does not model.
    public var extra: [String: JSONValue]
    /// For `voted`: the vote, and the agent's earlier vote it replaced.
    public var vote: VoteChoice? = nil
    public var replacedVote: VoteChoice? = nil
    /// For the `approved` or `rejected` that closed or overrode a vote.
    public var tally: VoteTally? = nil
    public var quorum: Int? = nil
    public var overridesVote = false
}

/// An architecture decision: the fold of its events in `decisions.jsonl`.
public struct Decision: Sendable, Equatable {
    /// `ADR-001`.
    public var id: String
    public var number: Int
    /// `YYYY-MM-DD`, as recorded.
    public var date: String
    public var context: String
    public var decision: String
    public var rationale: String
    /// Who made the decision.
    public var source: String
    public var status: DecisionStatus
    /// The decisions this one replaces (effective once it is accepted).
    public var supersedes: [String]
    /// The decision that replaced this one.
    public var supersededBy: String?
    public var tags: [String]
    /// The agents that acknowledged it, in the order they did (`propagated_to`).
    public var acknowledgedBy: [String]
    /// The id it had in the file it was imported from, when different.
    public var originalID: String?
    /// Why it was rejected.
    public var rejectionReason: String?
    /// When it was decided: the `decided` event's time, or for an imported
    /// decision the start of its recorded `date` (when that is earlier).
    public var decidedAt: Date
    /// The last time its status changed (or `decidedAt`).
    public var changedAt: Date
    public var history: [DecisionHistoryEntry]
    /// Fields this coord does not model, from an imported record or a newer coord.
    public var extra: [String: JSONValue]
    /// The vote, for a proposal opened with `--quorum`.
    public var vote: DecisionVote? = nil

    /// True when `agent` made or acknowledged this decision.
    public func isKnown(to agent: String) -> Bool {
        source == agent || acknowledgedBy.contains(agent)
    }
}

/// Decision ids: `ADR-` and a number of at least three digits.
public enum DecisionID {
    public static let prefix = "ADR-"

    /// `ADR-007` for 7; more digits when needed (`ADR-1000`).
    public static func format(_ number: Int) -> String {
        prefix + Digits.pad(number, 3)
    }

    /// The number in `ADR-7`, `adr-007` or `7`; nil for anything else.
    public static func number(in text: String) -> Int? {
        var digits = Substring(text)
        if digits.count > prefix.count, digits.prefix(prefix.count).uppercased() == prefix {
            digits = digits.dropFirst(prefix.count)
        }
        guard !digits.isEmpty, digits.count <= 9, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let number = Int(digits), number > 0
        else { return nil }
        return number
    }

    /// The canonical form of a user-given id, or a usage error.
    public static func parse(_ text: String) throws -> String {
        guard let number = number(in: text) else { throw CoordError.invalidDecisionID(text) }
        return format(number)
    }

    /// The canonical form when `text` is an ADR id, else `text` unchanged.
    static func canonical(_ text: String) -> String {
        number(in: text).map(format) ?? text
    }
}

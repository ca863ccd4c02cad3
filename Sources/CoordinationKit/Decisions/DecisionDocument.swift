import CoordStorage

/// Decisions in the seed's `DECISIONS.json` shape, with coord's additions:
///
///     {"decisions":[{"id":"ADR-001","date":"2026-02-06","context":"…","decision":"…","rationale":"…",
///                    "source":"main-session","propagated_to":["gastown-mayor"],"status":"accepted",
///                    "supersedes":[],"superseded_by":null,"tags":[],"history":[…]}],"v":1}
///
/// `coord decisions --json`, `coord decision show --json` and `coord export`
/// all print this document; `coord import` reads it back.
public struct DecisionDocument: Encodable, Sendable {
    public static let version = 1

    public var decisions: [Decision]

    public init(_ decisions: [Decision]) { self.decisions = decisions }

    public func encode(to encoder: any Encoder) throws {
        let object: [String: JSONValue] = [
            "v": .integer(Int64(Self.version)),
            "decisions": .array(decisions.map(Self.object)),
        ]
        try object.encode(to: encoder)
    }

    /// One decision as a JSON object: its own fields first, then the fields it was imported with.
    public static func object(_ decision: Decision) -> JSONValue {
        var fields = decision.extra
        let own: [String: JSONValue] = [
            "id": .string(decision.id),
            "date": .string(decision.date),
            "context": .string(decision.context),
            "decision": .string(decision.decision),
            "rationale": .string(decision.rationale),
            "source": .string(decision.source),
            "propagated_to": .array(decision.acknowledgedBy.map(JSONValue.string)),
            "status": .string(decision.status.rawValue),
            "supersedes": .array(decision.supersedes.map(JSONValue.string)),
            "superseded_by": decision.supersededBy.map(JSONValue.string) ?? .null,
            "tags": .array(decision.tags.map(JSONValue.string)),
            "history": .array(decision.history.map(history)),
        ]
        fields.merge(own) { _, new in new }
        if let original = decision.originalID { fields["original_id"] = .string(original) }
        if let reason = decision.rejectionReason { fields["reason"] = .string(reason) }
        if let vote = decision.vote { fields["vote"] = Self.vote(vote) }
        return .object(fields)
    }

    /// A decision's vote: `quorum`, `voters` (null: anyone), `state` (`open`,
    /// `accepted`, `rejected`, `overridden`), `yes` and `no` (who votes so), the
    /// standing `ballots` (each with the earlier votes it replaced), and
    /// `closed_at`/`closed_by` (null while open).
    static func vote(_ vote: DecisionVote) -> JSONValue {
        .object([
            "quorum": .integer(Int64(vote.quorum)),
            "voters": vote.voters.map { .array($0.map(JSONValue.string)) } ?? .null,
            "state": .string(vote.state.rawValue),
            "yes": .array(vote.yes.map(JSONValue.string)),
            "no": .array(vote.no.map(JSONValue.string)),
            "ballots": .array(vote.ballots.map { ballot in
                .object([
                    "agent": .string(ballot.agent),
                    "vote": .string(ballot.choice.rawValue),
                    "at": .string(Timestamp.utc(ballot.at)),
                    "reason": ballot.reason.map(JSONValue.string) ?? .null,
                    "replaced": .array(ballot.replaced.map { .string($0.rawValue) }),
                ])
            }),
            "closed_at": vote.closedAt.map { .string(Timestamp.utc($0)) } ?? .null,
            "closed_by": vote.closedBy.map(JSONValue.string) ?? .null,
        ])
    }

    static func history(_ entry: DecisionHistoryEntry) -> JSONValue {
        var fields = entry.extra
        fields["event"] = .string(entry.event)
        fields["actor"] = .string(entry.actor)
        fields["at"] = .string(Timestamp.utc(entry.at))
        if let status = entry.status { fields["status"] = .string(status) }
        if let reason = entry.reason { fields["reason"] = .string(reason) }
        if let by = entry.by { fields["by"] = .string(by) }
        if let origin = entry.origin { fields["origin"] = .string(origin) }
        if let vote = entry.vote { fields["vote"] = .string(vote.rawValue) }
        if let replaced = entry.replacedVote { fields["replaces"] = .string(replaced.rawValue) }
        if let quorum = entry.quorum { fields["quorum"] = .integer(Int64(quorum)) }
        if let tally = entry.tally {
            fields["tally"] = .object(["yes": .array(tally.yes.map(JSONValue.string)), "no": .array(tally.no.map(JSONValue.string))])
        }
        if entry.overridesVote { fields["overrides_vote"] = .bool(true) }
        return .object(fields)
    }
}

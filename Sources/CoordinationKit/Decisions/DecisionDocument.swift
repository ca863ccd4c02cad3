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
        return .object(fields)
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
        return .object(fields)
    }
}

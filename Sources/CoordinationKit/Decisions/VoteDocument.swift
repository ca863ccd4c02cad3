import CoordStorage

/// `coord vote --json`: the decision document (one decision, with its `vote`)
/// and what this vote did:
///
///     {"decisions":[{…,"vote":{…}}],"v":1,
///      "voted":{"agent":"bob","closed":false,"replaced":"yes","unchanged":false,"vote":"no"},"version":2}
public struct VoteDocument: Encodable, Sendable {
    public var result: VoteResult

    public init(_ result: VoteResult) { self.result = result }

    public func encode(to encoder: any Encoder) throws {
        let voted: [String: JSONValue] = [
            "agent": .string(result.agent),
            "vote": .string(result.choice.rawValue),
            "replaced": result.replaced.map { .string($0.rawValue) } ?? .null,
            "unchanged": .bool(result.unchanged),
            "closed": .bool(result.closed),
        ]
        let object: [String: JSONValue] = [
            "v": .integer(Int64(DecisionDocument.version)),
            "decisions": .array([DecisionDocument.object(result.decision)]),
            "voted": .object(voted),
        ]
        try object.encode(to: encoder)
    }
}

/// `coord ack --json`: `{"acknowledged":[…],"already_acknowledged":[…],"v":1,"version":2}`.
public struct AckDocument: Encodable, Sendable {
    public var v = 1
    public var acknowledged: [String]
    public var alreadyAcknowledged: [String]

    enum CodingKeys: String, CodingKey {
        case v, acknowledged
        case alreadyAcknowledged = "already_acknowledged"
    }

    public init(_ result: AckResult) {
        acknowledged = result.acknowledged
        alreadyAcknowledged = result.alreadyKnown
    }
}

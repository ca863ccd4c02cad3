import CoordStorage

/// One line of `.coordination/decisions.jsonl`.
///
/// The journal is a list of events; the decisions are their fold
/// (`DecisionLog`). Nothing is ever rewritten: a decision changes only by a
/// later event naming it.
///
///     {"actor":"main-session","adr":"ADR-001","at":"2026-11-20T09:10:00.000Z","context":"v2 graph database",
///      "date":"2026-11-20","decision":"FalkorDB + CQRS write pattern","event":"decided","id":"5f0c…",
///      "rationale":"…","source":"main-session","status":"accepted","v":1}
///     {"actor":"gastown-mayor","adr":"ADR-001","at":"…","event":"acked","id":"9a41…","v":1}
///
/// A proposal opened for a vote (`coord decide --proposed --quorum 2`) carries
/// `quorum` (and `voters` when given); each vote is a `voted` event; the vote
/// that reaches the quorum appends the `approved` or `rejected` that closes it,
/// with the `tally`, in the same write:
///
///     {"actor":"bob","adr":"ADR-007","at":"…","event":"voted","id":"…","v":1,"vote":"yes"}
///     {"actor":"bob","adr":"ADR-007","at":"…","event":"approved","id":"…","quorum":2,
///      "tally":{"no":[],"yes":["alice","bob"]},"v":1}
///
/// `id` (see `RecordID`) is unique per event, so that a journal extended in two
/// clones and merged can be told apart line by line; `adr` is the decision.
public struct DecisionEvent: Codable, Sendable, Equatable, JournalRecord {
    public static let fileName = "decisions.jsonl"

    /// What happened. Unknown kinds (from a newer coord) are kept in the history but change nothing.
    public struct Kind: OpenRecordKind {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A decision was recorded (status `accepted` or `proposed`).
        public static let decided = Kind(rawValue: "decided")
        /// A proposed decision was accepted.
        public static let approved = Kind(rawValue: "approved")
        /// A proposed decision was turned down (`reason` says why).
        public static let rejected = Kind(rawValue: "rejected")
        /// An accepted decision was replaced (`by` names the replacement).
        public static let superseded = Kind(rawValue: "superseded")
        /// `actor` has taken the decision in.
        public static let acked = Kind(rawValue: "acked")
        /// `actor` voted `vote` (`yes` or `no`) on a proposal opened for a vote;
        /// a later `voted` by the same actor replaces it.
        public static let voted = Kind(rawValue: "voted")
    }

    public var event: Kind
    /// Unique to this event (see `RecordID`); given when the event is appended.
    public var id: String
    /// The decision this event is about: `ADR-001`.
    public var adr: String
    /// When, as an absolute UTC instant (`Timestamp.utc`).
    public var at: String
    /// Who wrote the event.
    public var actor: String

    // `decided` only.
    public var decision: String?
    public var context: String?
    public var rationale: String?
    /// The decision's day as recorded (`YYYY-MM-DD`; an imported one keeps its own).
    public var date: String?
    /// Who made the decision (the acting agent, or the `source` of an imported record).
    public var source: String?
    /// `accepted` or `proposed`.
    public var status: String?
    public var supersedes: [String]?
    public var tags: [String]?
    /// The id an imported decision had in its own file, when it differs from `adr`.
    public var originalID: String?
    /// Fields of an imported record whose names coord uses for something else.
    public var importedFields: [String: JSONValue]?

    // Status changes.
    /// Why a proposal was rejected.
    public var reason: String?
    /// For `superseded`: the decision that replaces this one.
    public var by: String?
    /// `import` when `coord import` wrote the event.
    public var origin: String?
    /// The `--key` of the `coord decide` that wrote the event (see `IdempotencyKey`).
    public var key: String?

    // Votes.
    /// On a proposed `decided`: the number of agents whose votes close the vote.
    public var quorum: Int?
    /// On a `decided` with `quorum`: who may vote (absent: any agent).
    public var voters: [String]?
    /// On `voted`: `yes` or `no`.
    public var vote: String?
    /// On the `approved` or `rejected` that closes a vote, or overrides an open
    /// one: who had voted what at that moment.
    public var tally: VoteTally?
    /// On an `approved` or `rejected` by hand while the vote was still open.
    public var overridesVote: Bool?

    public init(event: Kind, id: String = "", adr: String, at: String, actor: String) {
        self.event = event
        self.id = id
        self.adr = adr
        self.at = at
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case event, id, adr, at, actor, decision, context, rationale, date, source, status, supersedes, tags
        case originalID = "original_id"
        case importedFields = "imported_fields"
        case reason, by, origin, key
        case quorum, voters, vote, tally
        case overridesVote = "overrides_vote"
    }

    /// The names this record uses; imported fields with these names go to `imported_fields`.
    public static let reservedFieldNames: Set<String> = Set(
        ["v", "event", "id", "adr", "at", "actor", "decision", "context", "rationale", "date", "source", "status",
         "supersedes", "tags", "original_id", "imported_fields", "reason", "by", "origin", "key",
         "quorum", "voters", "vote", "tally", "overrides_vote"])

    /// The record's id (see `RecordID`): derived from where it lands and what it says.
    static func derivedID(_ event: Stored<DecisionEvent>, offset: Int64, index: Int) throws -> String {
        try RecordID.derive(journal: Self.fileName, offset: offset, index: index, record: event,
                            clearing: { $0.value.id = "" })
    }
}

/// Who voted what on a decision, as recorded in the event that closed (or overrode) the vote.
public struct VoteTally: Codable, Sendable, Equatable {
    public var yes: [String]
    public var no: [String]

    public init(yes: [String], no: [String]) {
        self.yes = yes
        self.no = no
    }
}

import CoordStorage

/// Where a worker stands.
public enum WorkerStatus: String, Codable, Sendable, CaseIterable {
    /// Working, nothing in the way.
    case active
    /// At least one blocker is open (`--blocker`), until `--unblocked`.
    case blocked
    /// Finished its goal (`coord worker done`).
    case complete
    /// Passed its work on to another worker (`coord worker handoff`).
    case handedOff = "handed-off"
    /// Stopped before finishing (`coord worker done --unfinished`); a new session may resume it.
    case exited
}

/// What a journal record is.
public struct WorkerRecordKind: OpenRecordKind {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The entity: name, domain, number, goal, agent (the first record, or a `--force` relaunch).
    public static let entity = Self(rawValue: "entity")
    /// An observation after a phase: completed, discoveries, blockers, context, …
    public static let update = Self(rawValue: "update")
    /// This worker handed work to another (`to`).
    public static let handoff = Self(rawValue: "handoff")
    /// Another worker handed work to this one (`from`).
    public static let received = Self(rawValue: "received")
    /// The final report: complete, or exited unfinished.
    public static let done = Self(rawValue: "done")
}

/// The worker's state after a record: every record carries it, so the last
/// line of a journal is enough to know where a worker stands.
public struct WorkerState: Codable, Sendable, Equatable {
    public var status: WorkerStatus
    /// Blockers raised and not yet cleared.
    public var blockers: [String]
    /// The last context usage reported, in percent.
    public var context: Int?
    public var number: Int
    /// The agent name the worker acts as.
    public var agent: String

    public init(status: WorkerStatus, blockers: [String] = [], context: Int? = nil, number: Int, agent: String) {
        self.status = status
        self.blockers = blockers
        self.context = context
        self.number = number
        self.agent = agent
    }
}

/// The worker as launched: what the `entity` record holds.
public struct WorkerEntity: Codable, Sendable, Equatable {
    /// `Worker Session: {domain}`.
    public var name: String
    public var domain: String
    public var number: Int
    public var goal: String
    /// The agent name the worker acts as (`worker-1-backend-api`).
    public var agent: String
    /// The brief, relative to the workspace root, when one was written.
    public var brief: String?
    /// The template version the brief was rendered from.
    public var template: String?
    /// `memory-graph` when the worker came from `coord import --memory-graph`.
    public var origin: String?
    /// The memory graph's `entityType`, kept for export.
    public var entityType: String?

    public init(domain: WorkerDomain, number: Int, goal: String, agent: String, brief: String? = nil,
                template: String? = nil, origin: String? = nil, entityType: String? = nil) {
        name = domain.entityName
        self.domain = domain.rawValue
        self.number = number
        self.goal = goal
        self.agent = agent
        self.brief = brief
        self.template = template
        self.origin = origin
        self.entityType = entityType
    }

    enum CodingKeys: String, CodingKey {
        case name, domain, number, goal, agent, brief, template, origin
        case entityType = "entity_type"
    }
}

/// One line of `.coordination/workers/<domain>.jsonl`.
///
///     {"agent":"worker-1-backend-api","at":"2026-11-20T09:45:00.000Z","completed":["JWT signing"],
///      "context":35,"id":"8f3a…","kind":"update","state":{…},"v":1}
///
/// Lists are omitted when empty. Every record has its own `id`, so a union
/// merge of two clones keeps every record distinguishable.
public struct WorkerRecord: Codable, Sendable, Equatable, JournalRecord {
    /// Each worker has its own journal, `<domain>.jsonl` in `workers/`
    /// (`WorkerDomain.fileName`): pass it to `RecordJournal(directory:name:)`.
    public static let fileName = "*.jsonl"
    public static let reservedFieldNames: Set<String> = [
        "id", "at", "agent", "kind", "entity", "completed", "discoveries", "impact", "blockers", "unblocked", "context",
        "next", "files", "commits", "notes", "to", "from", "artifacts", "ref", "report", "reopened", "memory", "state",
    ]

    public var id: String
    /// When, as an absolute UTC instant (`Timestamp.utc`).
    public var at: String
    /// Who wrote the record.
    public var agent: String
    public var kind: WorkerRecordKind

    public var entity: WorkerEntity?

    public var completed: [String]?
    public var discoveries: [String]?
    public var impact: [String]?
    public var blockers: [String]?
    /// True when this update cleared every open blocker.
    public var unblocked: Bool?
    public var context: Int?
    public var next: [String]?
    public var files: [String]?
    public var commits: [String]?
    public var notes: [String]?

    /// Handoff: the receiving domain (on the sender's record).
    public var to: String?
    /// Handoff: the sending domain (on the receiver's record).
    public var from: String?
    public var artifacts: [String]?
    /// The `id` of the sender's handoff record, on the receiver's copy.
    public var ref: String?

    /// `done`: the final report.
    public var report: String?
    /// True when this update was allowed on a complete worker (`--reopen`).
    public var reopened: Bool?

    /// The original observation text, for records imported from a memory graph.
    public var memory: String?
    /// The `--key` of the command that wrote the record (see `IdempotencyKey`).
    public var key: String?

    /// The worker's state after this record.
    public var state: WorkerState

    public init(id: String, at: String, agent: String, kind: WorkerRecordKind, state: WorkerState) {
        self.id = id
        self.at = at
        self.agent = agent
        self.kind = kind
        self.state = state
    }

    /// The record's id (see `RecordID`): derived from where it lands and what it says.
    static func identifier(for record: WorkerRecord, journal: String, offset: Int64, index: Int) throws -> String {
        try RecordID.derive(journal: journal, offset: offset, index: index, record: record, clearing: { $0.id = "" })
    }
}

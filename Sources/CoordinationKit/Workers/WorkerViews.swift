import CoordStorage
import FoundationEssentials

/// `coord workers --json`: the goal and one summary per worker.
public struct WorkersDocument: Encodable, Sendable {
    public var goal: String?
    public var workers: [WorkerSummaryView]

    public init(goal: String?, workers: [WorkerSummaryView]) {
        self.goal = goal
        self.workers = workers
    }

    enum CodingKeys: String, CodingKey { case goal, workers }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(goal, forKey: .goal)
        try container.encode(workers, forKey: .workers)
    }
}

/// One worker in `coord workers --json`.
public struct WorkerSummaryView: Encodable, Sendable {
    public var name: String
    public var domain: String
    public var number: Int
    public var agent: String
    public var status: String
    public var blockers: [String]
    public var context: Int?
    /// The last record's time.
    public var updated: String
    public var ageSeconds: Int64
    /// What the last record was: entity, update, handoff, received or done.
    public var last: String
    /// When the agent last wrote to the board or sent a heartbeat, when later than `updated`.
    public var lastSeen: String?
    /// The tasks the worker's agent holds a live claim on, in id order.
    public var tasks: [String] = []

    public init(_ summary: WorkerSummary, now: Date) {
        name = summary.name
        domain = summary.domain.rawValue
        number = summary.state.number
        agent = summary.state.agent
        status = summary.state.status.rawValue
        blockers = summary.state.blockers
        context = summary.state.context
        updated = JSONView.instant(summary.updated)
        ageSeconds = max(0, JSONView.seconds(from: summary.updated, to: now))
        last = summary.lastKind.rawValue
        lastSeen = summary.lastSeen.map(JSONView.instant)
    }

    enum CodingKeys: String, CodingKey {
        case name, domain, number, agent, status, blockers, context, updated, last, tasks
        case ageSeconds = "age_seconds"
        case lastSeen = "last_seen"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(domain, forKey: .domain)
        try container.encode(number, forKey: .number)
        try container.encode(agent, forKey: .agent)
        try container.encode(status, forKey: .status)
        try container.encode(blockers, forKey: .blockers)
        try container.encode(context, forKey: .context)
        try container.encode(updated, forKey: .updated)
        try container.encode(ageSeconds, forKey: .ageSeconds)
        try container.encode(last, forKey: .last)
        try container.encodeIfPresent(lastSeen, forKey: .lastSeen)
        try container.encode(tasks, forKey: .tasks)
    }
}

/// `coord worker show --json`: the entity, its state and every observation.
public struct WorkerTimelineView: Encodable, Sendable {
    public var name: String
    public var domain: String
    public var number: Int
    public var agent: String
    public var goal: String
    public var status: String
    public var blockers: [String]
    public var context: Int?
    public var brief: String?
    public var template: String?
    public var observations: [WorkerObservationView]
    /// Lines of the journal readers skipped.
    public var skipped: Int
    /// The tasks the worker's agent holds a live claim on, in id order.
    public var tasks: [String] = []

    public init(_ timeline: WorkerTimeline) throws {
        name = timeline.name
        domain = timeline.domain.rawValue
        number = timeline.state.number
        agent = timeline.state.agent
        goal = timeline.entity.goal
        status = timeline.state.status.rawValue
        blockers = timeline.state.blockers
        context = timeline.state.context
        brief = timeline.entity.brief
        template = timeline.entity.template
        observations = try timeline.records.map(WorkerObservationView.init)
        skipped = timeline.invalid.count
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(domain, forKey: .domain)
        try container.encode(number, forKey: .number)
        try container.encode(agent, forKey: .agent)
        try container.encode(goal, forKey: .goal)
        try container.encode(status, forKey: .status)
        try container.encode(blockers, forKey: .blockers)
        try container.encode(context, forKey: .context)
        try container.encode(brief, forKey: .brief)
        try container.encode(template, forKey: .template)
        try container.encode(observations, forKey: .observations)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(tasks, forKey: .tasks)
    }

    enum CodingKeys: String, CodingKey {
        case name, domain, number, agent, goal, status, blockers, context, brief, template, observations, skipped, tasks
    }
}

/// One worker record in JSON: the stored fields (unknown ones included), with
/// `time` as an instant and the status the worker had after it in place of the
/// state snapshot. `worker show --json` lists them; `worker update|handoff|done
/// --json` prints the one it recorded.
public struct WorkerObservationView: Encodable, Sendable {
    public var fields: [String: JSONValue]

    public init(_ stored: Stored<WorkerRecord>) throws {
        let record = stored.value
        guard case .object(var fields) = try BoardJSON.decode(JSONValue.self, from: BoardJSON.line(stored)) else {
            throw CoordError(.damaged, "A worker record could not be re-encoded.")
        }
        fields["state"] = nil
        fields["v"] = nil
        fields["status"] = .string(record.state.status.rawValue)
        fields["time"] = .string(Timestamp.parse(record.at, in: .utc).map(JSONView.instant) ?? record.at)
        self.fields = fields
    }

    public func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}

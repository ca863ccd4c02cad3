import CoordStorage
import CoordinationKit
import FoundationEssentials

/// How worker commands print what they recorded and what they show.
enum WorkerOutput {
    /// After update, handoff or done: one line, or the stored record with --json.
    static func recorded(_ domain: WorkerDomain, _ record: WorkerRecord, output: OutputOptions,
                         context: CommandContext) throws {
        if output.json { return try context.printJSONLine(Stored(value: record)) }
        var line = "\(domain.entityName): \(record.state.status.rawValue)"
        let open = record.state.blockers.count
        if open > 0 { line += open == 1 ? " (1 open blocker)" : " (\(open) open blockers)" }
        context.print(line)
    }

    /// `12m ago`, `just now`.
    static func age(since date: Date, now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince(date).rounded(.down))
        return seconds < 60 ? "just now" : DurationText.format(seconds: seconds) + " ago"
    }

    /// The lines that describe one record in a timeline, without its heading.
    static func details(_ record: WorkerRecord) -> [String] {
        var lines: [String] = []
        func add(_ label: String, _ values: [String]?) {
            for value in values ?? [] { lines.append("\(label): \(Escaping.escape(value))") }
        }
        if let entity = record.entity {
            lines.append("entity: \(entity.name), worker \(entity.number), agent \(entity.agent)")
            if !entity.goal.isEmpty { lines.append("goal: \(Escaping.escape(entity.goal))") }
            if let brief = entity.brief { lines.append("brief: \(brief)" + (entity.template.map { " (template \($0))" } ?? "")) }
        }
        if record.reopened == true { lines.append("reopened") }
        add("completed", record.completed)
        add("discovery", record.discoveries)
        add("impact", record.impact)
        if record.unblocked == true { lines.append("unblocked") }
        add("BLOCKER", record.blockers)
        if let context = record.context { lines.append("context: \(context)%") }
        add("next", record.next)
        if let files = record.files { lines.append("files: " + files.map(Escaping.escape).joined(separator: ", ")) }
        if let commits = record.commits { lines.append("commits: " + commits.map(Escaping.escape).joined(separator: ", ")) }
        if let to = record.to { lines.append("handed off to \(to)") }
        if let from = record.from { lines.append("received from \(from)") }
        if let artifacts = record.artifacts { lines.append("artifacts: " + artifacts.map(Escaping.escape).joined(separator: ", ")) }
        add("note", record.notes)
        if let report = record.report { lines.append("report: \(Escaping.escape(report))") }
        if let memory = record.memory, lines.isEmpty { lines.append(Escaping.escape(memory)) }
        return lines
    }
}

/// One worker in `coord workers --json` (format 1).
struct WorkerSummaryView: Encodable {
    var name: String
    var domain: String
    var number: Int
    var agent: String
    var status: String
    var blockers: [String]
    var context: Int?
    /// The last record's time, ISO 8601 in the board's zone.
    var updated: String
    var ageSeconds: Int64
    /// What the last record was: entity, update, handoff, received or done.
    var last: String

    init(_ summary: WorkerSummary, workspace: Workspace) {
        name = summary.name
        domain = summary.domain.rawValue
        number = summary.state.number
        agent = summary.state.agent
        status = summary.state.status.rawValue
        blockers = summary.state.blockers
        context = summary.state.context
        updated = Timestamp.local(summary.updated, in: workspace.timeZone)
        ageSeconds = max(0, Int64(workspace.clock.now().timeIntervalSince(summary.updated).rounded(.down)))
        last = summary.lastKind.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case name, domain, number, agent, status, blockers, context, updated, last
        case ageSeconds = "age_seconds"
    }

    func encode(to encoder: any Encoder) throws {
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
    }
}

/// `coord worker show --json` (format 1): the entity, its state and every observation.
struct WorkerTimelineView: Encodable {
    var v = 1
    var name: String
    var domain: String
    var number: Int
    var agent: String
    var goal: String
    var status: String
    var blockers: [String]
    var context: Int?
    var brief: String?
    var template: String?
    var observations: [ObservationView]
    /// Lines of the journal readers skipped.
    var skipped: Int

    init(_ timeline: WorkerTimeline, zone: BoardTimeZone) throws {
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
        observations = try timeline.records.map { try ObservationView($0, zone: zone) }
        skipped = timeline.invalid.count
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(v, forKey: .v)
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
    }

    enum CodingKeys: String, CodingKey {
        case v, name, domain, number, agent, goal, status, blockers, context, brief, template, observations, skipped
    }
}

/// One record in a timeline: the stored fields (unknown ones included), with
/// the time in the board's zone and the status the worker had after it in
/// place of the state snapshot.
struct ObservationView: Encodable {
    var fields: [String: JSONValue]

    init(_ stored: Stored<WorkerRecord>, zone: BoardTimeZone) throws {
        let record = stored.value
        guard case .object(var fields) = try BoardJSON.decode(JSONValue.self, from: BoardJSON.line(stored)) else {
            throw CoordError(.damaged, "A worker record could not be re-encoded.")
        }
        fields["state"] = nil
        fields["v"] = nil
        fields["status"] = .string(record.state.status.rawValue)
        fields["time"] = .string(Timestamp.parse(record.at, in: .utc).map { Timestamp.local($0, in: zone) } ?? record.at)
        self.fields = fields
    }

    func encode(to encoder: any Encoder) throws { try fields.encode(to: encoder) }
}

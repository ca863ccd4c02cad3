import CoordStorage
import CoordinationKit
import FoundationEssentials

/// How worker commands print what they recorded and what they show.
enum WorkerOutput {
    /// After update, handoff or done: one line, or the stored record with --json.
    static func recorded(_ domain: WorkerDomain, _ record: WorkerRecord, output: OutputOptions,
                         context: CommandContext) throws {
        if output.json { return try context.printJSONLine(try WorkerObservationView(Stored(value: record))) }
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

import CoordStorage
import FoundationEssentials

/// How workers read as text: the line after `worker update|handoff|done`, the
/// table of `coord workers` and the timeline of `coord worker show`.
public enum WorkerText {
    /// After update, handoff or done: `backend-api: blocked (1 open blocker)`.
    public static func recorded(_ domain: WorkerDomain, _ record: WorkerRecord) -> String {
        var line = "\(domain.entityName): \(record.state.status.rawValue)"
        let open = record.state.blockers.count
        if open > 0 { line += open == 1 ? " (1 open blocker)" : " (\(open) open blockers)" }
        return line
    }

    /// `coord workers`: the goal, then one row per worker (blocked ones in red).
    /// `claimed` maps an agent to the tasks it holds; a TASKS column appears
    /// only on boards where some worker holds a task.
    public static func table(_ summaries: [WorkerSummary], goal: String?, claimed: [String: [String]] = [:], now: Date,
                             style: TextStyle) -> String {
        var lines: [String] = []
        if let goal { lines.append("Goal: \(Escaping.escape(goal))") }
        guard !summaries.isEmpty else {
            lines.append("No workers yet; start some with 'coord launch' or add one with 'coord brief'.")
            return lines.joined(separator: "\n")
        }
        let rows = summaries.map { summary -> [String] in
            let blockers = summary.state.blockers
            var blockerText = blockers.first.map { Escaping.escape($0) } ?? "-"
            if blockers.count > 1 { blockerText += " (+\(blockers.count - 1) more)" }
            let tasks = claimed.isEmpty ? [] : [(claimed[summary.state.agent] ?? []).joined(separator: ",")]
            return [String(summary.state.number), summary.domain.rawValue, summary.state.status.rawValue,
                    age(since: summary.updated, now: now)
                        + (summary.lastSeen.map { ", seen " + age(since: $0, now: now) } ?? ""),
                    summary.state.context.map { "\($0)%" } ?? "-"] + tasks.map { $0.isEmpty ? "-" : $0 } + [blockerText]
        }
        let header = ["#", "DOMAIN", "STATUS", "UPDATED", "CONTEXT"] + (claimed.isEmpty ? [] : ["TASKS"]) + ["BLOCKERS"]
        let table = TextTable.lines([header] + rows)
        lines.append(style.apply(table[0], "1"))
        for (line, summary) in zip(table.dropFirst(), summaries) {
            lines.append(summary.state.status == .blocked ? style.apply(line, "31") : line)
        }
        return lines.joined(separator: "\n")
    }

    /// `coord worker show`: the state, then every record under its local day.
    public static func timeline(_ timeline: WorkerTimeline, tasks: [String] = [], zone: BoardTimeZone, now: Date,
                                style: TextStyle) -> String {
        let state = timeline.state
        var lines = [style.apply(timeline.name, "1") + " (worker \(state.number), agent \(state.agent))"]
        if !timeline.entity.goal.isEmpty { lines.append("Goal:     \(Escaping.escape(timeline.entity.goal))") }
        var status = state.status.rawValue
        if let percent = state.context { status += ", context \(percent)%" }
        if let last = timeline.records.last, let date = Timestamp.parse(last.value.at, in: .utc) {
            status += ", updated " + age(since: date, now: now)
        }
        lines.append("Status:   \(status)")
        for blocker in state.blockers { lines.append("Blocker:  " + style.apply(Escaping.escape(blocker), "31")) }
        if !tasks.isEmpty { lines.append("Tasks:    \(tasks.joined(separator: ", ")) (claimed; coord tasks --mine)") }
        if let brief = timeline.entity.brief { lines.append("Brief:    \(brief)") }
        if !timeline.invalid.isEmpty {
            lines.append("Skipped:  \(timeline.invalid.count) unreadable line(s); run 'coord doctor' for details")
        }
        var lastDate: CivilDate? = nil
        for stored in timeline.records {
            let record = stored.value
            guard let date = Timestamp.parse(record.at, in: .utc) else { continue }
            let local = zone.local(date)
            if local.date != lastDate {
                lines += ["", style.apply("## \(local.date)", "1")]
                lastDate = local.date
            }
            let head = style.apply("[\(local.time)]", "2") + " " + style.apply(record.kind.rawValue, "36")
                + " by \(record.agent) -> \(record.state.status.rawValue)"
            lines.append("- " + head)
            lines += details(record).map { "    " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// `12m ago`, `just now`.
    public static func age(since date: Date, now: Date) -> String {
        let seconds = Int64(now.timeIntervalSince(date).rounded(.down))
        return seconds < 60 ? "just now" : DurationText.format(seconds: seconds) + " ago"
    }

    /// The lines that describe one record in a timeline, without its heading.
    public static func details(_ record: WorkerRecord) -> [String] {
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

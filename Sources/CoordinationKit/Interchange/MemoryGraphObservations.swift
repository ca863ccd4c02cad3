import CoordStorage

/// Translates between the Meta-Observer pattern's observation strings
/// ("Completed: …", "Blockers: none", "Context: 35%", "Status: COMPLETE")
/// and worker records, both ways.
enum MemoryGraphObservations {
    /// What one imported observation does to a worker.
    enum Effect: Equatable {
        case observe(WorkerObservation)
        case status(WorkerStatus)
        case report(String)
    }

    /// Reads one observation string. Anything unrecognised is a free note.
    static func effect(of text: String) -> Effect {
        guard let colon = text.firstIndex(of: ":") else { return .observe(note(text)) }
        let label = text[..<colon].lowercased()
        var value = Substring(text[text.index(after: colon)...])
        while value.first == " " { value.removeFirst() }
        let body = String(value)
        var observation = WorkerObservation()
        switch label {
        case "completed": observation.completed = [body]
        case "discoveries", "discovery": observation.discoveries = [body]
        case "impact": observation.impact = [body]
        case "blockers", "blocker":
            if ["none", "no", "n/a", "-", ""].contains(body.lowercased()) { observation.unblocked = true } else { observation.blockers = [body] }
        case "context":
            guard let percent = WorkerObservation.percentage(String(body.prefix(while: { $0 != " " }))), percent <= 100 else {
                return .observe(note(text))
            }
            observation.context = percent
        case "next": observation.next = [body]
        case "files": observation.files = WorkerObservation.splitList([body])
        case "commits": observation.commits = WorkerObservation.splitList([body])
        case "status":
            return status(in: body).map(Effect.status) ?? .observe(note(text))
        case "final report": return .report(body)
        default: return .observe(note(text))
        }
        return observation.isEmpty ? .observe(note(text)) : .observe(observation)
    }

    private static func note(_ text: String) -> WorkerObservation {
        var observation = WorkerObservation()
        observation.notes = [text]
        return observation
    }

    /// `COMPLETE, HANDED OFF` → handed-off; `COMPLETE` → complete; and so on.
    static func status(in text: String) -> WorkerStatus? {
        let upper = text.uppercased()
        if upper.contains("HANDED OFF") || upper.contains("HANDED-OFF") { return .handedOff }
        if upper.contains("COMPLETE") || upper.contains("DONE") { return .complete }
        if upper.contains("BLOCKED") { return .blocked }
        if upper.contains("EXIT") { return .exited }
        if upper.contains("ACTIVE") || upper.contains("IN PROGRESS") || upper.contains("WORKING") { return .active }
        return nil
    }

    static func label(_ status: WorkerStatus) -> String {
        switch status {
        case .active: return "ACTIVE"
        case .blocked: return "BLOCKED"
        case .complete: return "COMPLETE"
        case .handedOff: return "HANDED OFF"
        case .exited: return "EXITED"
        }
    }

    /// The observation strings a record stands for. An imported record gives
    /// back its original text; an entity that came from a graph gives nothing.
    static func strings(for record: WorkerRecord) -> [String] {
        if let memory = record.memory { return [memory] }
        var strings: [String] = []
        if let entity = record.entity {
            if entity.origin == WorkerEntity.memoryGraphOrigin { return [] }
            strings.append("Worker \(entity.number) (agent \(entity.agent))" + (entity.goal.isEmpty ? "" : "; goal: \(entity.goal)"))
            return strings
        }
        strings += (record.completed ?? []).map { "Completed: \($0)" }
        strings += (record.discoveries ?? []).map { "Discoveries: \($0)" }
        strings += (record.impact ?? []).map { "Impact: \($0)" }
        if record.unblocked == true { strings.append("Blockers: none") }
        strings += (record.blockers ?? []).map { "Blockers: \($0)" }
        if let context = record.context { strings.append("Context: \(context)%") }
        strings += (record.next ?? []).map { "Next: \($0)" }
        if let files = record.files { strings.append("Files: " + files.joined(separator: ", ")) }
        if let commits = record.commits { strings.append("Commits: " + commits.joined(separator: ", ")) }
        switch record.kind {
        case .handoff:
            let artifacts = record.artifacts.map { ": artifacts " + $0.joined(separator: ", ") } ?? ""
            strings.append("Handoff to \(WorkerDomain.entityPrefix)\(record.to ?? "?")\(artifacts)")
            strings += (record.notes ?? []).map { "Handoff note: \($0)" }
            strings.append("Status: \(label(.handedOff))")
        case .received:
            let artifacts = record.artifacts.map { ": artifacts " + $0.joined(separator: ", ") } ?? ""
            strings.append("Handoff from \(WorkerDomain.entityPrefix)\(record.from ?? "?")\(artifacts)")
            strings += (record.notes ?? []).map { "Handoff note: \($0)" }
        case .done:
            strings.append("Status: \(label(record.state.status))")
            if let report = record.report { strings.append("Final report: \(report)") }
        default:
            strings += record.notes ?? []
        }
        return strings
    }
}

extension WorkerEntity {
    /// `origin` of workers created by `coord import --memory-graph`.
    public static let memoryGraphOrigin = "memory-graph"
    /// The `entityType` exported for workers that did not come from a graph.
    public static let defaultEntityType = "worker_session"
}

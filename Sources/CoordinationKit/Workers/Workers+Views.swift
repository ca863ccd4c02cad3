import CoordStorage
import FoundationEssentials

/// One worker in `coord workers`: read from the last line of its journal.
public struct WorkerSummary: Sendable, Equatable {
    public var domain: WorkerDomain
    public var state: WorkerState
    /// When the last record was written.
    public var updated: Date
    public var lastKind: WorkerRecordKind
    /// When its agent last wrote to the board or sent a heartbeat (`LastSeen`), when later than `updated`.
    public var lastSeen: Date? = nil

    public var name: String { domain.entityName }
}

/// One worker's whole history, for `coord worker show`.
public struct WorkerTimeline: Sendable {
    public var domain: WorkerDomain
    /// The latest entity record's fields (a `--force` relaunch replaces the first).
    public var entity: WorkerEntity
    public var records: [Stored<WorkerRecord>]
    /// Lines readers skipped (torn or hand-edited).
    public var invalid: [InvalidLine]

    /// Where the worker stands: the last record's state.
    public var state: WorkerState { records.last?.value.state ?? WorkerState(status: .active, number: entity.number, agent: entity.agent) }
    public var name: String { domain.entityName }
}

extension Workers {
    /// Every worker, ordered by number then domain. Reads one line per worker.
    public func summaries() throws -> [WorkerSummary] {
        let folder = try folder(create: false)
        var summaries: [WorkerSummary] = []
        for domain in try domains() {
            guard let record = try last(domain, in: folder) else { continue }
            summaries.append(WorkerSummary(domain: domain, state: record.state,
                                           updated: Timestamp.parse(record.at, in: .utc) ?? Date(timeIntervalSince1970: 0),
                                           lastKind: record.kind))
        }
        let now = workspace.clock.now()
        if let seen = try? LastSeen(workspace).all(), !seen.isEmpty {
            for index in summaries.indices {
                if let at = seen[summaries[index].state.agent]?.at, at > summaries[index].updated, at <= now {
                    summaries[index].lastSeen = at
                }
            }
        }
        return summaries.sorted { ($0.state.number, $0.domain) < ($1.state.number, $1.domain) }
    }

    /// Every record of `domain`, oldest first.
    public func timeline(_ domain: WorkerDomain) throws -> WorkerTimeline {
        guard let folder = try folder(create: false) else { throw CoordError.workerNotFound(domain.rawValue) }
        let contents = try journal(domain, in: folder).read(options: .unknownFields)
        guard let last = contents.records.last?.value else { throw CoordError.workerNotFound(domain.rawValue) }
        let entity = contents.records.last(where: { $0.value.kind == .entity })?.value.entity
            ?? WorkerEntity(domain: domain, number: last.state.number, goal: "", agent: last.state.agent)
        return WorkerTimeline(domain: domain, entity: entity, records: contents.records, invalid: contents.invalid)
    }
}

/// The one bulletin line each worker event posts: short, with the domain first.
enum WorkerBulletinText {
    /// Long texts are cut here, so a bulletin line stays readable.
    static let maximumCharacters = 200

    /// What matters to the others: completed work, discoveries, blockers. The
    /// rest (impact, next, files, commits) stays in the timeline, and is named
    /// only when the update holds nothing else.
    static func update(_ domain: WorkerDomain, _ record: WorkerRecord) -> String {
        var parts: [String] = []
        if record.reopened == true { parts.append("reopened") }
        if let items = record.completed { parts.append("completed " + items.joined(separator: "; ")) }
        if let items = record.discoveries { parts.append("found " + items.joined(separator: "; ")) }
        if let items = record.blockers { parts.append("BLOCKED: " + items.joined(separator: "; ")) }
        if record.unblocked == true { parts.append("unblocked") }
        let essential = parts.count - (record.reopened == true ? 1 : 0)
        if essential == 0 || (essential == 1 && record.unblocked == true) {
            if let items = record.notes { parts.append(items.joined(separator: "; ")) }
            if let items = record.impact { parts.append("impact: " + items.joined(separator: "; ")) }
            if let items = record.next { parts.append("next: " + items.joined(separator: "; ")) }
            if let items = record.commits { parts.append("commits " + items.joined(separator: ", ")) }
            if let items = record.files { parts.append(items.count == 1 ? "1 file" : "\(items.count) files") }
        }
        if let context = record.context { parts.append("context \(context)%") }
        return shorten("\(domain): " + parts.joined(separator: "; "))
    }

    static func handoff(_ domain: WorkerDomain, _ record: WorkerRecord) -> String {
        var text = "\(domain) handed off to \(record.to ?? "?")"
        if let artifacts = record.artifacts { text += ": " + artifacts.joined(separator: ", ") }
        if let note = record.notes?.first { text += " (\(note))" }
        return shorten(text)
    }

    static func done(_ domain: WorkerDomain, _ record: WorkerRecord) -> String {
        let verb = record.state.status == .exited ? "exited unfinished" : "complete"
        return shorten("\(domain) \(verb): \(record.report ?? "")")
    }

    static func shorten(_ text: String) -> String {
        guard text.count > maximumCharacters else { return text }
        return String(text.prefix(maximumCharacters - 1)) + "…"
    }
}

import CoordStorage
import FoundationEssentials

/// Workers, from `.coordination/workers/<domain>.jsonl`.
///
/// Every worker record carries the worker's state after it, so the last line
/// says where a worker stands. The rest is found by reading backwards only as
/// far as needed: the worker's own latest record (a `received` line is written
/// by the sender), where each open blocker was raised, the paths it last named
/// in `Files`, and the handoffs it has received since its own latest record
/// (those are the ones it has not picked up).
extension BoardReader {
    /// How far back one worker's journal is read, at most.
    static let workerScanRecords = 200

    struct WorkerView {
        var worker: ObservedWorker
        var waiting: [ObservedHandoff]
    }

    /// Every worker, in journal-name order. Without `includingFiles` (for
    /// `coord status`) a worker whose journal is unchanged since the cache was
    /// saved comes from `WorkerStatusCache`, and handoffs are not looked for.
    /// Only `savingCache` (the observer's pass, a writer) saves the cache:
    /// `coord status` reads and never writes.
    func workers(includingFiles: Bool, savingCache: Bool = false) throws -> [WorkerView] {
        guard let folder = try Workers(workspace).folder(create: false) else { return [] }
        let cached = includingFiles ? nil : WorkerStatusCache.load(from: workspace.board)
        var cache = WorkerStatusCache()
        var views: [WorkerView] = []
        for name in try folder.listNames() where name.hasSuffix(".jsonl") {
            // Identify the journal before reading it: if it grows in between, the
            // next status sees a different size and reads it again.
            let identity = SystemCall.identity(at: folder.descriptor, name).map {
                WorkerStatusCache.Identity(size: $0.size, modified: $0.modified, inode: $0.inode)
            }
            if let identity, let hit = cached?.entries[name], hit.identity == identity {
                cache.entries[name] = hit
                views.append(WorkerView(worker: hit.worker, waiting: []))
                continue
            }
            guard let domain = try? WorkerDomain(String(name.dropLast(".jsonl".count))),
                  var view = try workerView(domain.rawValue, journal: RecordJournal(directory: folder, name: name),
                                            includingFiles: includingFiles)
            else { continue }
            if !includingFiles {
                view.worker = WorkerStatusCache.normalised(view.worker)
                if let identity { cache.entries[name] = WorkerStatusCache.Entry(identity: identity, worker: view.worker) }
            }
            views.append(view)
        }
        if savingCache && !includingFiles && cache != cached { cache.save(to: workspace.board) }
        return views
    }

    private func workerView(_ domain: String, journal: RecordJournal<WorkerRecord>, includingFiles: Bool) throws -> WorkerView? {
        var latest: WorkerRecordHead? = nil
        var lastOwn: WorkerRecordHead? = nil
        var waiting: [ObservedHandoff] = []
        var blockerSince: [String: Date] = [:]
        var unresolved: Set<String> = []
        var files: [String]? = nil
        var filesSettled = !includingFiles
        var visited = 0
        // Small chunks: most workers need only their last line or two.
        try journal.scanBackward(as: WorkerRecordHead.self, chunkSize: 4096) { stored in
            let record = stored.value
            let at = Timestamp.parse(record.at, in: .utc) ?? Date(timeIntervalSince1970: 0)
            visited += 1
            if latest == nil {
                latest = record
                unresolved = Set(record.state.blockers)
            }
            // Blockers: the oldest record of the unbroken run that still lists each one.
            for text in unresolved {
                if record.state.blockers.contains(text) { blockerSince[text] = at } else { unresolved.remove(text) }
            }
            if record.kind == .received {
                if lastOwn == nil, let from = record.from {
                    waiting.append(ObservedHandoff(from: from, to: domain, at: at, note: record.notes?.first, pickedUp: false))
                }
            } else {
                if lastOwn == nil { lastOwn = record }
                if !filesSettled {
                    if let named = record.files { files = named; filesSettled = true }
                    if record.kind == .done || record.kind == .handoff || record.kind == .entity { filesSettled = true }
                }
            }
            let done = lastOwn != nil && unresolved.isEmpty && filesSettled
            return !done && visited < Self.workerScanRecords
        }
        guard let latest else { return nil }
        let state = latest.state
        let worker = ObservedWorker(
            domain: domain, number: state.number, agent: state.agent, status: ObservedWorker.Status(state.status),
            lastUpdate: (lastOwn ?? latest).instant, context: state.context,
            blockers: state.blockers.map { OpenBlocker(text: $0, since: blockerSince[$0] ?? latest.instant) },
            files: files ?? [])
        return WorkerView(worker: worker, waiting: waiting.reversed())
    }

    /// Events in the workers' journals since `cursor`, which moves past them.
    /// On a first pass nothing old is reported; a worker launched since the
    /// previous pass is read whole; a rewritten (shorter) journal restarts at its end.
    func workerEvents(since cursor: inout ObserverCursor) throws -> [Finding] {
        let workers = Workers(workspace)
        guard let folder = try workers.folder(create: false) else { return [] }
        var events: [Finding] = []
        for domain in try workers.domains() {
            let key = Workers.folderName + "/" + domain.fileName
            let journal = workers.journal(domain, in: folder)
            guard let file = try folder.openFile(domain.fileName, mode: .readOnly) else { continue }
            let size = try file.size()
            let start: Int64
            switch cursor.journals[key] {
            case nil where cursor.isFirstPass, .some(size + 1 ... Int64.max):
                cursor.journals[key] = (try? journal.end(before: size)) ?? 0
                continue
            case nil:
                start = 0
            case .some(let offset):
                start = offset
            }
            events += workerEvents(in: journal, domain: domain.rawValue, from: start, cursor: &cursor, key: key)
        }
        return events
    }

    /// The events of the complete lines from `start`; the cursor moves past them.
    /// A journal with a record of a newer format reports nothing and stays where it was
    /// (`coord status` names the problem).
    private func workerEvents(in journal: RecordJournal<WorkerRecord>, domain: String, from start: Int64,
                              cursor: inout ObserverCursor, key: String) -> [Finding] {
        cursor.journals[key] = start
        guard let contents = try? journal.read(from: start) else { return [] }
        cursor.journals[key] = contents.end
        return contents.records.flatMap { Self.events(of: $0.value, domain: domain) }
    }

    /// What a worker record tells the observer.
    static func events(of record: WorkerRecord, domain: String) -> [Finding] {
        let at = record.instant
        func key(_ kind: FindingKind, _ index: Int = 0) -> String {
            FindingKey.make(kind, [domain, record.id, String(index)])
        }
        switch record.kind {
        case .update:
            var events = (record.discoveries ?? []).enumerated().map { index, text in
                Finding(kind: .discovery, key: key(.discovery, index), summary: "\(domain): \(text)", subjects: [domain], since: at)
            }
            var parts: [String] = []
            if let items = record.completed { parts.append("completed " + items.joined(separator: "; ")) }
            if let items = record.impact { parts.append("impact: " + items.joined(separator: "; ")) }
            if record.unblocked == true { parts.append("unblocked") }
            if let items = record.blockers { parts.append("blocked: " + items.joined(separator: "; ")) }
            if let items = record.next { parts.append("next: " + items.joined(separator: "; ")) }
            if let items = record.notes { parts.append(items.joined(separator: "; ")) }
            if let items = record.files { parts.append("files " + items.joined(separator: ", ")) }
            if let context = record.context { parts.append("context \(context)%") }
            if !parts.isEmpty {
                events.insert(Finding(kind: .observation, key: key(.observation), summary: "\(domain): " + parts.joined(separator: "; "),
                                      subjects: [domain], since: at), at: 0)
            }
            return events
        case .handoff:
            let to = record.to ?? "?"
            var text = "\(domain) handed off to \(to)"
            if let artifacts = record.artifacts { text += ": " + artifacts.joined(separator: ", ") }
            if let note = record.notes?.first { text += " (\(note))" }
            return [Finding(kind: .handoff, key: key(.handoff), summary: text, subjects: [domain, to], since: at)]
        case .done:
            let verb = record.state.status == .exited ? "exited unfinished" : "complete"
            return [Finding(kind: .completion, key: key(.completion), summary: "\(domain) \(verb): \(record.report ?? "")",
                            subjects: [domain], since: at)]
        case .entity:
            let goal = record.entity?.goal ?? ""
            return [Finding(kind: .observation, key: key(.observation), summary: "\(domain) launched" + (goal.isEmpty ? "" : ": \(goal)"),
                            subjects: [domain], since: at)]
        default:
            return []
        }
    }
}

/// The fields of a worker record that the current state needs, decoded in
/// one pass: reading the tail of 50 journals for `coord status` costs what
/// these few fields cost, not the whole record.
private struct WorkerRecordHead: JournalProjection {
    var version: Int
    var decodedVersion: Int? { version }
    var at: String
    var kind: WorkerRecordKind
    var from: String?
    var notes: [String]?
    var files: [String]?
    var state: WorkerState

    var instant: Date { Timestamp.parse(at, in: .utc) ?? Date(timeIntervalSince1970: 0) }

    enum CodingKeys: String, CodingKey {
        case at, kind, from, notes, files, state
        case version = "v"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        at = try container.decode(String.self, forKey: .at)
        kind = try container.decode(WorkerRecordKind.self, forKey: .kind)
        from = try container.decodeIfPresent(String.self, forKey: .from)
        notes = try container.decodeIfPresent([String].self, forKey: .notes)
        files = try container.decodeIfPresent([String].self, forKey: .files)
        state = try container.decode(WorkerState.self, forKey: .state)
    }
}

extension WorkerRecord {
    var instant: Date { Timestamp.parse(at, in: .utc) ?? Date(timeIntervalSince1970: 0) }
}

extension ObservedWorker.Status {
    init(_ status: WorkerStatus) {
        switch status {
        case .active: self = .active
        case .blocked: self = .blocked
        case .complete: self = .complete
        case .handedOff: self = .handedOff
        case .exited: self = .exited
        }
    }
}

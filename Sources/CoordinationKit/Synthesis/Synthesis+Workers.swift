import CoordStorage
import FoundationEssentials

/// The workers part of a report: per worker, the progress counts, and the
/// cross-worker insights (shared paths, handoff chains, blockers resolved by
/// others), read from `.coordination/workers/<domain>.jsonl`.
struct WorkerDigest {
    var goal: String?
    var summaries: [SynthesisReport.WorkerSummary] = []
    var statusCounts: [SynthesisReport.Count] = []
    var complete = 0
    var blockersOpened = 0
    var blockersResolved = 0
    var blockersOpen = 0
    var chains: [SynthesisReport.HandoffChain] = []
    var crossResolutions: [SynthesisReport.CrossResolution] = []
    /// Every blocker open at some point in the window, from raised to cleared.
    var blockerSpans: [SynthesisReport.BlockerSpan] = []
    /// Handoffs the receiver had not picked up (no own record after it) by the window's end.
    var unpicked: [(from: String, to: String, at: Date, receiverExists: Bool)] = []
    /// When each worker's agent recorded its own work in the window (not received handoffs), oldest first.
    var workTimes: [String: [Date]] = [:]
    /// (worker domain, path) pairs named in the window, for shared paths.
    var touched: [(worker: String, path: String)] = []
    /// The agents of the workers that were at work in the window.
    var agents: Set<String> = []
    /// Worker domain by agent name, to name lock holders and resolvers as workers.
    var domainByAgent: [String: String] = [:]
    var invalid: [InvalidLine] = []
    var recordsInWindow = 0

    static func read(_ workspace: Workspace, window: SynthesisWindow) throws -> WorkerDigest {
        let zone = workspace.timeZone
        var digest = WorkerDigest()
        digest.goal = try BoardGoal.current(in: workspace)?.goal
        let workers = Workers(workspace)
        var byStatus: [WorkerStatus: Int] = [:]
        var lastOwn: [String: Date?] = [:]
        var handoffs: [(at: Int64, from: String, to: String)] = []
        var unblocks: [(domain: String, agent: String, author: String, blockers: [(text: String, at: Date)], at: Date)] = []

        let folder = try workspace.board.subdirectory(Workers.folderName, create: false)
        for domain in try workers.domains() {
            guard let folder else { break }
            let (records, invalid) = try Self.records(of: domain, in: folder)
            digest.invalid += invalid
            let upToEnd = records.filter { window.includesEnd ? $0.1 <= window.end : $0.1 < window.end }
            guard let last = upToEnd.last else { continue }  // launched after the window
            let entity = upToEnd.last(where: { $0.0.kind == .entity })?.0.entity
                ?? WorkerEntity(domain: domain, number: last.0.state.number, goal: "", agent: last.0.state.agent)
            let inWindow = upToEnd.filter { window.contains($0.1) && $0.0.kind != .entity }
            let state = last.0.state
            byStatus[state.status, default: 0] += 1
            digest.domainByAgent[state.agent] = domain.rawValue
            let own = upToEnd.filter { $0.0.kind != .received && $0.0.kind != .entity }
            lastOwn[domain.rawValue] = .some(own.last?.1)
            digest.workTimes[state.agent] = own.filter { window.contains($0.1) }.map(\.1)
            if !inWindow.isEmpty || state.status == .active || state.status == .blocked { digest.agents.insert(state.agent) }

            // Blockers: when each open one was raised, and which record cleared it. The
            // state each record carries is the truth (`--unblocked`, `done`, a relaunch).
            var open: [(text: String, at: Date)] = []
            for (record, at) in upToEnd {
                let inside = window.contains(at)
                for blocker in record.blockers ?? [] where !open.contains(where: { $0.text == blocker }) {
                    open.append((blocker, at))
                    if inside { digest.blockersOpened += 1 }
                }
                let still = Set(record.state.blockers)
                let cleared = open.filter { !still.contains($0.text) }
                guard !cleared.isEmpty else { continue }
                open.removeAll { !still.contains($0.text) }
                if at >= window.start {
                    for blocker in cleared {
                        digest.blockerSpans.append(.init(worker: domain.rawValue, text: blocker.text,
                                                         opened: ReportTime(blocker.at, in: zone), cleared: ReportTime(at, in: zone)))
                    }
                }
                guard inside else { continue }
                digest.blockersResolved += cleared.count
                if record.agent != record.state.agent {
                    unblocks.append((domain.rawValue, record.state.agent, record.agent, cleared, at))
                }
            }
            // The state is what counts (a relaunch may reset it); keep the raising times found.
            let openNow = state.blockers.map { text in open.first(where: { $0.text == text }) ?? (text, last.1) }
            digest.blockersOpen += openNow.count
            for blocker in openNow {
                digest.blockerSpans.append(.init(worker: domain.rawValue, text: blocker.text,
                                                 opened: ReportTime(blocker.at, in: zone), cleared: nil))
            }

            // Each record's time is formatted once, however many items it holds.
            var times: [ReportTime?] = Array(repeating: nil, count: inWindow.count)
            func items(_ field: (WorkerRecord) -> [String]?) -> [SynthesisReport.Item] {
                var found: [SynthesisReport.Item] = []
                for (i, (record, at)) in inWindow.enumerated() {
                    guard let texts = field(record), !texts.isEmpty else { continue }
                    let time = times[i] ?? ReportTime(at, in: zone)
                    times[i] = time
                    for text in texts { found.append(SynthesisReport.Item(at: time, text: text)) }
                }
                return found
            }
            for (record, _) in inWindow {
                for file in record.files ?? [] { digest.touched.append((domain.rawValue, file)) }
                if record.kind == .handoff {
                    for artifact in record.artifacts ?? [] { digest.touched.append((domain.rawValue, artifact)) }
                }
            }

            let given = inWindow.filter { $0.0.kind == .handoff }
            let received = inWindow.filter { $0.0.kind == .received }
            for (record, at) in given { handoffs.append((Int64(at.timeIntervalSince1970), domain.rawValue, record.to ?? "?")) }
            // What comes next matters only for a worker still at work, and only
            // until something is completed after it was written.
            let atWork = state.status == .active || state.status == .blocked
            let nextIndex = upToEnd.lastIndex { !($0.0.next ?? []).isEmpty }
            let lastCompleted = upToEnd.lastIndex { !($0.0.completed ?? []).isEmpty }
            let next = atWork ? nextIndex.flatMap { i in i >= (lastCompleted ?? -1) ? upToEnd[i] : nil } : nil
            let first = inWindow.first?.1
            let lastSeen = inWindow.last?.1
            digest.recordsInWindow += inWindow.count
            digest.summaries.append(SynthesisReport.WorkerSummary(
                name: entity.name, domain: domain.rawValue, number: state.number, agent: state.agent,
                status: state.status.rawValue, observations: inWindow.count,
                completed: items(\.completed), discoveries: items(\.discoveries), impact: items(\.impact),
                openBlockers: openNow.map { SynthesisReport.Item(at: ReportTime($0.at, in: zone), text: $0.text) },
                next: next.map { SynthesisReport.Item(at: ReportTime($0.1, in: zone), text: ($0.0.next ?? []).joined(separator: "; ")) },
                files: Array(Set(inWindow.flatMap { $0.0.files ?? [] })).sorted(),
                commits: Array(Set(inWindow.flatMap { $0.0.commits ?? [] })).sorted(),
                context: upToEnd.last(where: { $0.0.context != nil })?.0.context ?? state.context,
                handoffsGiven: given.map { record, at in
                    SynthesisReport.Handoff(at: ReportTime(at, in: zone), from: domain.rawValue, to: record.to ?? "?",
                                            artifacts: record.artifacts ?? [], note: record.notes?.first)
                },
                handoffsReceived: received.map { record, at in
                    SynthesisReport.Handoff(at: ReportTime(at, in: zone), from: record.from ?? "?", to: domain.rawValue,
                                            artifacts: record.artifacts ?? [], note: record.notes?.first)
                },
                finalReport: inWindow.last(where: { $0.0.kind == .done })?.0.report,
                first: first.map { ReportTime($0, in: zone) }, last: lastSeen.map { ReportTime($0, in: zone) },
                activeSeconds: first.flatMap { f in lastSeen.map { Int64($0.timeIntervalSince(f)) } }))
        }
        digest.summaries.sort { ($0.number ?? 0, $0.domain) < ($1.number ?? 0, $1.domain) }
        digest.complete = byStatus[.complete] ?? 0
        digest.statusCounts = WorkerStatus.allCases.compactMap { status in
            byStatus[status].map { SynthesisReport.Count(name: status.rawValue, count: $0) }
        }
        digest.chains = CrossWorker.chains(handoffs)
        digest.crossResolutions = unblocks.flatMap { unblock in
            unblock.blockers.map { blocker in
                SynthesisReport.CrossResolution(
                    blocker: blocker.text, raisedBy: unblock.domain, raisedAt: ReportTime(blocker.at, in: zone),
                    resolvedBy: digest.domainByAgent[unblock.author] ?? unblock.author, resolvedAt: ReportTime(unblock.at, in: zone))
            }
        }.sorted { ($0.resolvedAt, $0.raisedBy, $0.blocker) < ($1.resolvedAt, $1.raisedBy, $1.blocker) }
        digest.blockerSpans.sort { ($0.opened, $0.worker, $0.text) < ($1.opened, $1.worker, $1.text) }
        let known = Set(lastOwn.keys)
        digest.unpicked = handoffs.compactMap { handoff in
            let at = Date(timeIntervalSince1970: Double(handoff.at))
            if let seen = lastOwn[handoff.to], let seen, seen > at { return nil }
            return (handoff.from, handoff.to, at, known.contains(handoff.to))
        }.sorted { ($0.at, $0.from, $0.to) < ($1.at, $1.from, $1.to) }
        return digest
    }

    /// Every record of `domain`'s journal with its instant, oldest first (the
    /// report needs no unknown fields); lines that are not records, or whose
    /// time cannot be read, are skipped and returned; a record of a newer format is refused.
    static func records(of domain: WorkerDomain, in folder: BoardDirectory) throws -> ([(WorkerRecord, Date)], [InvalidLine]) {
        let journal = RecordJournal<WorkerRecord>(directory: folder, name: domain.fileName)
        let contents = try journal.read()
        var records: [(WorkerRecord, Date)] = []
        var invalid = contents.invalid
        records.reserveCapacity(contents.records.count)
        for stored in contents.records {
            guard let at = Timestamp.parse(stored.value.at, in: .utc) else {
                let text = (try? BoardJSON.line(stored)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                invalid.append(InvalidLine(path: journal.path, line: stored.line ?? 0, reason: "not a valid record", text: text))
                continue
            }
            records.append((stored.value, at))
        }
        invalid.sort { $0.line < $1.line }
        return (records, invalid)
    }
}

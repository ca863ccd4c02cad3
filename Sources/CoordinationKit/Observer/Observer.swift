import CoordStorage
import FoundationEssentials

/// `coord observe`: one pass of the meta-observer.
///
/// A pass reads only what changed since the previous pass (the cursor in
/// `.coordination/observer/cursor.json`), looks at the board's current state,
/// and compares the problems it finds with those the previous pass left open.
/// It intervenes only on blocking problems, with one bulletin line when a
/// problem opens and one when it clears, and records what changed in
/// `.coordination/observer/log.jsonl`.
///
/// Passes are serialised by an flock on `.coordination/observer/.lock`, so two
/// overlapping cron runs never announce the same problem twice. (The bulletin
/// keeps its own lock, `.coordination/.lock`, which a pass takes only to post.)
public struct Observer: Sendable {
    public let workspace: Workspace
    public var policy: ObserverPolicy

    public init(_ workspace: Workspace, policy: ObserverPolicy) {
        self.workspace = workspace
        self.policy = policy
    }

    public func pass() throws -> ObserveReport {
        guard let folder = try ObserverFolder.open(in: workspace.board, create: true) else {
            throw CoordError.io("create the folder", path: workspace.board.child(ObserverFolder.name), errno: 2)
        }
        return try folder.directory.withExclusiveLock { try pass(in: folder) }
    }

    private func pass(in folder: ObserverFolder) throws -> ObserveReport {
        var stored = try folder.cursors.load()
        var cursor = stored.value
        let now = workspace.clock.now()

        // What changed since the previous pass.
        let bulletin = Bulletin(workspace)
        let increment = try bulletin.entries(after: cursor.bulletin)
        let reader = BoardReader(workspace: workspace, now: now, lenient: true)
        let snapshot = try reader.snapshot()
        // Keep `coord status` fast: it reads this cache but never writes it.
        _ = try? reader.workers(includingFiles: false, savingCache: true)
        var warnings = snapshot.warnings
        // Workers' own lines echo their journal records, which are reported from the journals.
        var events = activity(in: increment.entries, excluding: Set(snapshot.workers.compactMap(\.agent)), now: now)
        events += try reader.events(since: &cursor, warnings: &warnings)

        // What is wrong now, compared with what was wrong before.
        let detector = FindingDetector(policy: policy, zone: workspace.timeZone)
        let transitions = ProblemTracker.advance(
            previous: cursor.openProblems, current: detector.problems(in: snapshot),
            evaluated: snapshot.evaluated, now: now)

        // Intervene, then remember.
        if !transitions.postings.isEmpty {
            try bulletin.post(transitions.postings, as: policy.agent)
        }
        let previous = cursor.lastPass
        cursor.passes += 1
        cursor.lastPass = now
        cursor.bulletin = increment.end
        cursor.problems = transitions.open.values.sorted { $0.finding.key < $1.finding.key }
        let record = ObserverLogRecord(
            at: now, pass: cursor.passes, agent: policy.agent.rawValue, events: events,
            opened: transitions.opened, cleared: transitions.cleared.map(\.finding),
            posted: transitions.postings, open: transitions.open.count)
        if !record.isEmpty { try folder.log.append([record]) }
        stored.value = cursor
        try folder.cursors.save(stored)

        let postedKeys = Set(transitions.opened.filter(\.isBlocking).map(\.key))
            .union(transitions.cleared.filter(\.posted).map(\.finding.key))
        let newKeys = Set(transitions.opened.map(\.key))
        var problems = transitions.open.values
            .map { ObserveReport.Problem(finding: $0.finding, state: newKeys.contains($0.finding.key) ? .new : .open,
                                         posted: postedKeys.contains($0.finding.key)) }
            .sorted { ($0.finding.kind, $0.finding.key) < ($1.finding.kind, $1.finding.key) }
        problems += transitions.cleared.map {
            ObserveReport.Problem(finding: $0.finding, state: .cleared, posted: postedKeys.contains($0.finding.key))
        }
        return ObserveReport(at: now, pass: cursor.passes, previousPass: previous, events: events,
                             problems: problems, posted: transitions.postings, bulletinRestarted: increment.restarted,
                             warnings: warnings)
    }

    /// One event summing up who posted since the previous pass, apart from the
    /// observer itself and the `excluded` agents.
    func activity(in entries: [BulletinEntry], excluding excluded: Set<String>, now: Date) -> [Finding] {
        let others = entries.filter { $0.agent != policy.agent.rawValue && !excluded.contains($0.agent) }
        guard !others.isEmpty else { return [] }
        var counts: [String: Int] = [:]
        for entry in others { counts[entry.agent, default: 0] += 1 }
        let byAgent = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        let listed = byAgent.prefix(6).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let more = byAgent.count > 6 ? ", and \(byAgent.count - 6) more agents" : ""
        let noun = others.count == 1 ? "entry" : "entries"
        return [Finding(kind: .activity, key: FindingKey.make(.activity, [FindingKey.instant(now)]),
                        summary: "\(others.count) new bulletin \(noun): \(listed)\(more)",
                        subjects: byAgent.map(\.key), since: others.first.map { $0.instant(in: workspace.timeZone) })]
    }
}

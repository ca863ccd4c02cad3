import CoordStorage
import FoundationEssentials

/// Locks, from the live lock journal `.coordination/locks.jsonl`, which lock
/// commands keep compacted (closed grants move to `archive/`), so reading it
/// costs a few kilobytes whatever the history.
extension BoardReader {
    struct LockScan {
        /// Grants still blocking (live or in grace) and lapsed ones nobody closed yet.
        var locks: [LockGrant]
        /// Overlapping grants left by a merge of two clones' journals.
        var contests: [ObservedContest]
        var events: [LockEvent]
    }

    func locks() throws -> LockScan {
        let settings = LockSettings.standard
        let journal = try RecordJournal<LockEvent>(directory: workspace.board).read()
        let table = LockTable(journal.events, grace: settings.grace, asOf: now)
        let blocking = table.blocking(at: now)
        var locks = blocking + table.lapsed(at: now)
        locks.sort { ($0.path, $0.token) < ($1.path, $1.token) }
        // A merge can leave two overlapping grants alive; the fold keeps the lower
        // token and lists the other's acquire record as contested.
        let acquires = Dictionary(journal.events.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let contests = table.contested.compactMap { id -> ObservedContest? in
            guard let losing = acquires[id], let path = losing.path, let holder = losing.holder,
                  let winner = blocking.first(where: { $0.path.overlaps(path) && $0.holder != holder })
            else { return nil }
            return ObservedContest(path: path.description, agents: [winner.holder, holder], at: losing.at, token: winner.token)
        }
        // Refused attempts on grants still blocking: someone wanted a held path.
        let refusals = journal.events.compactMap { event -> ObservedContest? in
            guard event.event == .refuse, let path = event.path, let holder = event.holder, let by = event.by,
                  blocking.contains(where: { $0.token == event.token && $0.path == path })
            else { return nil }
            return ObservedContest(path: path.description, agents: [holder, by], at: event.at, token: event.token)
        }
        return LockScan(locks: locks, contests: contests + refusals, events: journal.events)
    }

    /// Force-breaks recorded since the previous pass (by time: the journal is
    /// rewritten by compaction, so byte offsets do not last).
    func lockEvents(_ events: [LockEvent], since cursor: inout ObserverCursor) -> [Finding] {
        let mark = cursor.marks["locks"].flatMap { Timestamp.parse($0, in: .utc) }
        let latest = events.map(\.at).max()
        defer { if let latest, latest > (mark ?? .distantPast) { cursor.marks["locks"] = Timestamp.utc(latest) } }
        // A first pass reports nothing old; a journal new since the previous pass is read whole.
        guard let since = mark ?? (cursor.isFirstPass ? nil : .distantPast) else { return [] }
        return events.filter { $0.event == .break && $0.at > since }.map { event in
            let path = event.path?.description ?? "?"
            let by = event.by ?? "?"
            let holder = event.holder ?? "?"
            let reason = event.reason.map { ": \($0)" } ?? ""
            return Finding(kind: .lockBreak, key: FindingKey.make(.lockBreak, [path, String(event.token)]),
                           summary: "\(by) broke \(holder)'s lock on \(path) (token \(event.token))\(reason)",
                           subjects: [by, holder, path], since: event.at)
        }
    }
}

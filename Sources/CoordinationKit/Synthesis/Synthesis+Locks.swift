import CoordStorage
import FoundationEssentials

/// The locks part of a report, from `locks.jsonl` and the archive compaction
/// moved older records to: locks held in the window and how each hold ended,
/// paths several agents held or broke, force-breaks and expiries.
struct LockDigest {
    var summary = SynthesisReport.LockSummary.none
    var skipped: [(file: String, count: Int)] = []
    var eventsInWindow = 0
    /// (holder, path) of every hold in the window, for paths shared by workers.
    var heldPaths: [(holder: String, path: String)] = []
    /// Every hold in the window with its span, for commits and the day's chart.
    var holds: [GitConsolidation.Hold] = []
    /// Holds still live at the evaluation instant.
    var live: [SynthesisReport.LockHold] = []

    /// Each list shows at most this many items; the rest are counted.
    static let listLimit = 100

    private struct Hold {
        var path: LockPath
        var holder: String
        var intent: String
        var since: Date
        var expires: Date
        var token: Int64
        var closed: Date?
        var outcome = "live"
    }

    /// The state is as of `evaluation` (the window's end, or now for a day not over).
    static func read(_ workspace: Workspace, window: SynthesisWindow, evaluation: Date) throws -> LockDigest {
        let zone = workspace.timeZone
        var digest = LockDigest()
        var events: [LockEvent] = []
        // Compaction moves records to archive/locks-YYYY-MM.jsonl, named after the
        // month it ran (UTC), which is never before the month they were written.
        if let archive = try workspace.board.subdirectory(LockArchive.folder, create: false) {
            let first = "locks-" + String(Timestamp.utc(window.start).prefix(7)) + ".jsonl"
            for name in try archive.listNames() where name.hasPrefix("locks-") && name.hasSuffix(".jsonl") && name >= first {
                guard let bytes = try archive.read(name) else { continue }
                let (found, skipped) = try Self.events(in: bytes, path: archive.child(name))
                events += found
                if skipped > 0 { digest.skipped.append((LockArchive.folder + "/" + name, skipped)) }
            }
        }
        if let bytes = try workspace.board.read(LockEvent.fileName) {
            let (found, skipped) = try Self.events(in: bytes, path: workspace.board.child(LockEvent.fileName))
            events += found
            if skipped > 0 { digest.skipped.append((LockEvent.fileName, skipped)) }
        }
        // A crash in the middle of a compaction leaves records in both files.
        var seen = Set<String>()
        events = events.filter { seen.insert($0.id).inserted }
            .enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)

        // One grant may cover several paths under one token: a hold is a (token, path).
        struct Key: Hashable { var token: Int64; var path: LockPath }
        var holds: [Key: Hold] = [:]
        var breaks: [SynthesisReport.LockBreak] = []
        for event in events where event.at <= evaluation {
            if window.contains(event.at) && event.event != .checkpoint { digest.eventsInWindow += 1 }
            switch event.event {
            case .acquire:
                guard let path = event.path, let holder = event.holder, let expires = event.expires else { continue }
                holds[Key(token: event.token, path: path)] = Hold(path: path, holder: holder, intent: event.intent ?? "",
                                                                  since: event.at, expires: expires, token: event.token)
            case .renew:
                guard let path = event.path, let expires = event.expires else { continue }
                let key = Key(token: event.token, path: path)
                if holds[key]?.closed == nil { holds[key]?.expires = expires }
            case .release, .break, .expire:
                guard let path = event.path else { continue }
                let key = Key(token: event.token, path: path)
                guard var hold = holds[key], hold.closed == nil else { continue }
                switch event.event {
                case .release: (hold.closed, hold.outcome) = (event.at, "released")
                case .break: (hold.closed, hold.outcome) = (event.at, "broken")
                default: (hold.closed, hold.outcome) = (hold.expires, "expired")
                }
                if event.event == .break, window.contains(event.at) {
                    breaks.append(SynthesisReport.LockBreak(
                        path: hold.path.description, holder: event.holder ?? hold.holder, brokenBy: event.by ?? "?",
                        reason: event.reason ?? "", at: ReportTime(event.at, in: zone)))
                }
                holds[key] = hold
            default:
                break
            }
        }
        var inWindow: [Hold] = []
        for var hold in holds.values {
            if hold.closed == nil && hold.expires <= evaluation { (hold.closed, hold.outcome) = (hold.expires, "expired") }
            guard hold.since < window.end || (window.includesEnd && hold.since <= window.end) else { continue }
            guard (hold.closed ?? .distantFuture) >= window.start else { continue }
            inWindow.append(hold)
        }
        // Each path's text once, not once per comparison.
        inWindow = inWindow.map { ($0, $0.path.description) }
            .sorted { ($0.0.since, $0.0.token, $0.1) < ($1.0.since, $1.0.token, $1.1) }.map(\.0)
        digest.heldPaths = inWindow.map { ($0.holder, $0.path.description) }
        digest.holds = inWindow.map { GitConsolidation.Hold(holder: $0.holder, path: $0.path, since: $0.since, until: $0.closed) }

        func view(_ hold: Hold) -> SynthesisReport.LockHold {
            SynthesisReport.LockHold(path: hold.path.description, holder: hold.holder, intent: hold.intent.isEmpty ? nil : hold.intent,
                                     since: ReportTime(hold.since, in: zone), until: hold.closed.map { ReportTime($0, in: zone) },
                                     outcome: hold.outcome, token: hold.token,
                                     expires: hold.closed == nil ? ReportTime(hold.expires, in: zone) : nil)
        }
        digest.live = inWindow.filter { $0.closed == nil }.map(view)
        let expired = inWindow.filter { $0.outcome == "expired" && window.contains($0.closed!) }
        let contested = contests(inWindow, breaks: breaks)
        digest.summary = SynthesisReport.LockSummary(
            held: Array(inWindow.prefix(listLimit).map(view)),
            contested: Array(contested.prefix(listLimit)),
            forceBroken: Array(breaks.sorted { ($0.at, $0.path) < ($1.at, $1.path) }.prefix(listLimit)),
            expired: Array(expired.prefix(listLimit).map(view)),
            omitted: [("held", inWindow.count), ("contested", contested.count), ("force_broken", breaks.count),
                      ("expired", expired.count)]
                .filter { $0.1 > listLimit }.map { SynthesisReport.Count(name: $0.0, count: $0.1 - listLimit) })
        return digest
    }

    /// The records of one lock journal file and how many lines were skipped.
    private static func events(in bytes: [UInt8], path: String) throws -> ([LockEvent], Int) {
        let contents = try RecordJournal<LockEvent>.parse(bytes, path: path)
        return (contents.events, contents.invalid.count)
    }

    /// A hold taken by another agent this soon after the previous one ended
    /// (released, expired, broken) shows that the path was wanted.
    static let takeoverSeconds: Double = 30 * 60

    /// Paths that several agents wanted in the window: one broke another's lock;
    /// another agent took the path, or an overlapping one (`src/` and
    /// `src/a.swift`), within `takeoverSeconds` of the previous hold's end; or two
    /// agents' holds overlapped in time (only after a merge of two clones).
    /// Refused requests write nothing to the journal, so they cannot be shown.
    private static func contests(_ holds: [Hold], breaks: [SynthesisReport.LockBreak]) -> [SynthesisReport.LockContest] {
        func key(_ path: LockPath, _ count: Int) -> String { path.root + "\u{0}" + path.components.prefix(count).joined(separator: "/") }
        var exact: [String: [Int]] = [:]
        var under: [String: [Int]] = [:]
        for (i, hold) in holds.enumerated() {
            exact[key(hold.path, hold.path.components.count), default: []].append(i)
            for count in 0 ... hold.path.components.count { under[key(hold.path, count), default: []].append(i) }
        }
        var holders: [String: Set<String>] = [:]
        for (i, hold) in holds.enumerated() {
            var rivals = under[key(hold.path, hold.path.components.count)] ?? []
            for count in 0 ..< hold.path.components.count { rivals += exact[key(hold.path, count)] ?? [] }
            for j in rivals where j < i && holds[j].holder != hold.holder
                && hold.since.timeIntervalSince(holds[j].closed ?? .distantFuture) <= takeoverSeconds {
                holders[holds[j].path.description, default: []].formUnion([holds[j].holder, hold.holder])
            }
        }
        for b in breaks { holders[b.path, default: []].formUnion([b.holder, b.brokenBy]) }
        return holders.keys.sorted().map { SynthesisReport.LockContest(path: $0, holders: holders[$0]!.sorted(), refused: []) }
    }
}

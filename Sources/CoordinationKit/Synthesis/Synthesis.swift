import CoordStorage
import FoundationEssentials

/// `coord synthesize`: one coherent account of a day's distributed work.
///
/// Reads the bulletin, the worker entities, the lock, decision and task journals
/// and the observer log for one window, and builds a `SynthesisReport`. Reading
/// changes nothing on the board; `save` writes the rendered report to
/// `.coordination/synthesis/YYYY-MM-DD.md` by atomic replace.
public struct Synthesis: Sendable {
    public static let folder = "synthesis"

    public let workspace: Workspace
    /// At most this many timeline entries per hour (significant kinds first).
    public var timelineLimitPerHour = BulletinDigest.defaultLimitPerHour

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// Told what the report is reading, stage by stage (for a progress line).
    public var progress: (@Sendable (String) -> Void)?
    /// Whether to read the window's commits when the workspace is a git repository.
    public var readsGit = true

    /// The report for `window`. The same board and window give an equal report.
    /// A window of several days also carries each day's headline.
    public func report(for window: SynthesisWindow) throws -> SynthesisReport {
        var report = try singleReport(for: window)
        let days = window.days(in: workspace.timeZone)
        if days.lowerBound != days.upperBound {
            var day = days.lowerBound
            while day <= days.upperBound {
                progress?("the headline of \(day)")
                let one = try singleReport(for: .day(day, in: workspace.timeZone), quiet: true)
                if !one.empty { report.days.append(SynthesisReport.DayHeadline(date: day, headline: one.headline)) }
                day = day.adding(days: 1)
            }
        }
        return report
    }

    private func singleReport(for window: SynthesisWindow, quiet: Bool = false) throws -> SynthesisReport {
        let zone = workspace.timeZone
        let now = workspace.clock.now()
        let asOf = !window.includesEnd && now < window.end ? now : nil
        let tell: (String) -> Void = { stage in if !quiet { self.progress?(stage) } }

        // The worker journals are read on a second thread while this one reads
        // the bulletin; nothing is shared but the read-only board.
        let workspace = workspace
        tell("reading the worker journals, the bulletin and the locks")
        let side = SideThread { try WorkerDigest.read(workspace, window: window) }
        // The locks on a third: each of the three takes about a third of the work.
        let evaluation = asOf ?? window.end
        let lockSide = SideThread { try LockDigest.read(workspace, window: window, evaluation: evaluation) }
        let bulletin: BulletinWindow
        let digest: BulletinDigest
        let locks: LockDigest
        let observer: ObserverDigest
        do {
            // Worker lines start with the worker's domain: the last line of each
            // journal says which agent is which worker.
            let labels = try Workers(workspace).summaries().reduce(into: [String: String]()) {
                $0[$1.state.agent] = $1.domain.rawValue
            }
            observer = try ObserverDigest.read(workspace, window: window)
            bulletin = try BulletinWindow.read(workspace, window: window)
            digest = BulletinDigest.build(bulletin.entries, window: window, zone: zone, limitPerHour: timelineLimitPerHour,
                                          labels: labels, interventions: observer.keys)
            locks = try lockSide.value()
        } catch {
            // Never leave a thread running behind an error.
            _ = try? side.value()
            _ = try? lockSide.value()
            throw error
        }
        let workers = try side.value()
        tell("reading the decisions")
        let decisions = try DecisionDigest.read(workspace, window: window, expected: workers.agents)
        tell("reading the tasks")
        let tasks = try TaskDigest.read(workspace, window: window)
        tell("reading the messages")
        let messages = try MessageDigest.read(workspace, window: window)

        var quality = DataQualityTally(board: workspace.board.path)
        quality.add(file: Bulletin.fileName, count: bulletin.skippedCount, examples: bulletin.skippedExamples)
        quality.add(journal: workspace.board.child(DecisionLog.fileName), invalid: decisions.invalid)
        for (path, lines) in Dictionary(grouping: workers.invalid, by: \.path) { quality.add(journal: path, invalid: lines) }
        for (file, count) in locks.skipped { quality.add(file: file, count: count, examples: []) }
        quality.add(journal: workspace.board.child(ObserverFolder.name + "/" + ObserverLogRecord.fileName), invalid: observer.invalid)

        // Locks held by a worker's agent are paths that worker touched.
        let lockedPaths = locks.heldPaths.compactMap { held in workers.domainByAgent[held.holder].map { ($0, held.path) } }

        let across = SynthesisReport.AcrossWorkers(
            sharedPaths: CrossWorker.sharedPaths(workers.touched + lockedPaths), handoffChains: workers.chains,
            blockersResolvedByOthers: workers.crossResolutions, decisions: decisions.uptake,
            actedBeforeAcknowledging: decisions.actedBeforeAcknowledging(
                workTimes: workers.workTimes, domainByAgent: workers.domainByAgent, zone: zone))

        let progress = SynthesisReport.Progress(
            goal: workers.goal, workersTotal: workers.summaries.count, workersComplete: workers.complete,
            workersByStatus: workers.statusCounts, blockersOpened: workers.blockersOpened,
            blockersResolved: workers.blockersResolved, blockersOpen: workers.blockersOpen, blockers: workers.blockerSpans,
            decisions: decisions.briefs,
            interventions: observer.hasLog ? observer.interventions : digest.interventions,
            bulletinEntries: digest.entryCount, agents: digest.activity.count)

        let windowModel = SynthesisReport.Window(
            kind: window.includesEnd ? .since : window.date == nil ? .days : .day, date: window.date,
            start: ReportTime(window.start, in: zone), end: ReportTime(window.end, in: zone),
            asOf: asOf.map { ReportTime($0, in: zone) }, timezone: zone.identifier)

        var git: SynthesisReport.GitSummary?
        if readsGit {
            tell("reading git log")
            git = GitDigest.read(workspace.root, window: window, workers: workers, locks: locks, decisions: decisions,
                                 agents: Set(digest.activity.map(\.agent)), zone: zone)
        }

        var report = SynthesisReport(
            window: windowModel,
            empty: digest.entryCount == 0 && decisions.eventsInWindow == 0 && workers.recordsInWindow == 0
                && locks.eventsInWindow == 0 && locks.summary.held.isEmpty && (git?.commits.isEmpty ?? true)
                && tasks.activity == nil,
            headline: [], needsYou: [], days: [],
            progress: progress,
            workers: workers.summaries,
            across: across,
            locks: locks.summary,
            timeline: digest.timeline,
            activity: digest.activity,
            dataQuality: quality.result,
            git: git,
            narrative: nil,
            tasks: tasks.activity)
        report.messages = messages
        var extras = SynthesisSummary.Extras()
        extras.pending = decisions.pending
        extras.unpicked = workers.unpicked.map { ($0.from, $0.to, ReportTime($0.at, in: zone), $0.receiverExists) }
        extras.expiring = SynthesisSummary.wanted(locks.live, workers: workers, contested: locks.summary.contested)
        report.needsYou = SynthesisSummary.needsYou(report, extras)
        report.headline = SynthesisSummary.headline(report)
        return report
    }

    // MARK: Writing

    /// Writes `text` to `.coordination/synthesis/<window's file>` by atomic replace;
    /// returns the path written, or nil for windows that are not kept on the board.
    @discardableResult
    public func save(_ text: String, for window: SynthesisWindow) throws -> String? {
        guard let name = window.boardFileName,
              let folder = try workspace.board.subdirectory(Self.folder, create: true)
        else { return nil }
        try folder.replace(name, with: Array(text.utf8))
        return folder.child(name)
    }

    /// Writes `bytes` to `path` (relative to `directory`) by atomic replace: a reader
    /// of the file sees the old report or the new one, never half of one.
    public static func write(_ bytes: [UInt8], to path: String, from directory: String) throws {
        let absolute = path.hasPrefix("/") ? path : Workspace.join(directory, path)
        let name = String(absolute.split(separator: "/").last ?? "")
        guard !name.isEmpty, name != ".", name != ".." else {
            throw CoordError.invalidInput("'\(path)' names a folder, not a file; give a file name such as report.md to --out.")
        }
        let parent = Workspace.parent(of: absolute)
        guard let resolved = SystemCall.realPath(parent), SystemCall.status(ofPath: resolved)?.isDirectory == true else {
            throw CoordError.invalidInput("The folder '\(parent)' for --out does not exist; create it or choose another file.")
        }
        let target = Workspace.join(resolved, name)
        if let existing = SystemCall.status(ofPath: target), !existing.isRegular {
            // Renaming over /dev/null or a folder would replace it, not write to it.
            throw CoordError.invalidInput("'\(path)' exists and is not a regular file; give --out a file name such as report.md.")
        }
        try BoardDirectory.open(resolved).replace(name, with: bytes)
    }
}

/// Skipped lines per board file, for the data-quality footnote.
struct DataQualityTally {
    let board: String
    private var files: [SynthesisReport.SkippedFile] = []

    init(board: String) { self.board = board }

    mutating func add(file: String, count: Int, examples: [InvalidLine]) {
        guard count > 0 else { return }
        files.append(SynthesisReport.SkippedFile(
            path: file, count: count,
            examples: examples.prefix(BulletinWindow.exampleLimit).map { .init(line: $0.line, reason: $0.reason) }))
    }

    /// Adds a journal's skipped lines, naming it relative to the board.
    mutating func add(journal path: String, invalid: [InvalidLine]) {
        let prefix = board.hasSuffix("/") ? board : board + "/"
        let relative = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        add(file: relative, count: invalid.count, examples: invalid)
    }

    var result: SynthesisReport.DataQuality {
        let sorted = files.sorted { $0.path < $1.path }
        return SynthesisReport.DataQuality(skippedLines: sorted.reduce(0) { $0 + $1.count }, files: sorted)
    }
}

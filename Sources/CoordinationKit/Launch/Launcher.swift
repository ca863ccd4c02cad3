import CoordStorage
import FoundationEssentials

/// What `coord launch` is asked to set up.
public struct LaunchRequest: Sendable, Equatable {
    public var domains: [WorkerDomain]
    public var goal: String
    /// Where the observer session runs (absolute); the workspace root when nil.
    public var observerDirectory: String?
    /// Replace existing briefs and entities instead of refusing.
    public var force: Bool

    public init(domains: [WorkerDomain], goal: String, observerDirectory: String? = nil, force: Bool = false) {
        self.domains = domains
        self.goal = goal
        self.observerDirectory = observerDirectory
        self.force = force
    }
}

/// A worker `coord launch` or `coord brief` created.
public struct LaunchedWorker: Codable, Sendable, Equatable {
    public var number: Int
    public var domain: String
    /// `Worker Session: {domain}`.
    public var name: String
    public var agent: String
    public var goal: String
    /// The brief, relative to the workspace root.
    public var brief: String
    public var template: String
}

public struct LaunchedObserver: Codable, Sendable, Equatable {
    public var agent: String
    public var brief: String
    public var directory: String
    public var template: String
}

/// What `coord launch` and `coord brief` did (their `--json`, format 1).
public struct LaunchReport: Codable, Sendable, Equatable {
    public var v = 1
    public var goal: String
    public var workspace: String
    public var workers: [LaunchedWorker]
    public var observer: LaunchedObserver?
    /// Paths (relative to the workspace root) that existed and were replaced (`--force`).
    public var replaced: [String]
}

/// Sets up the Meta-Observer pattern: worker entities, worker briefs, the
/// observer brief and the goal, all or nothing as far as checks go.
///
/// Everything is checked first (domains, numbers, existing files) and every
/// brief is rendered before anything is written, so a refused launch leaves
/// no trace. The checks, the rendering and the writes run inside the board
/// lock, so two launches cannot interleave.
public struct Launcher: Sendable {
    public static let observerAgent = "meta-observer"

    public let workspace: Workspace
    public let renderer: BriefRenderer

    public init(_ workspace: Workspace, renderer: BriefRenderer) {
        self.workspace = workspace
        self.renderer = renderer
    }

    private var workers: Workers { Workers(workspace) }

    /// `coord launch`: N workers and one observer for `request.goal`.
    public func launch(_ request: LaunchRequest, as agent: AgentName) throws -> LaunchReport {
        try Self.validateGoal(request.goal)
        guard !request.domains.isEmpty else {
            throw CoordError.invalidInput("A launch needs at least one domain; pass --domains, for example --domains backend-api,frontend-ui.")
        }
        _ = try WorkerDomain.validated(request.domains.map(\.rawValue))
        let now = workspace.clock.now()
        let observerName = Self.observerBriefName(workspace.timeZone.local(now))
        let folder = try BriefFolder(workspaceRoot: workspace.root)

        let report: LaunchReport = try workspace.board.withExclusiveLock {
            let existing = try workers.numbers()
            var next = (existing.values.max() ?? 0) + 1
            var planned: [BriefContext.Worker] = []
            for domain in request.domains {
                let number = existing[domain] ?? next
                if existing[domain] == nil { next += 1 }
                planned.append(Self.briefWorker(domain, number: number, goal: request.goal))
            }
            var conflicts = try conflicts(planned, existing: existing, folder: folder)
            if try folder.exists(observerName) { conflicts.append(BriefFolder.relative(observerName)) }
            if !conflicts.isEmpty && !request.force { throw CoordError.alreadyLaunched(conflicts) }

            let observer = BriefContext.Observer(agent: Self.observerAgent, brief: BriefFolder.relative(observerName),
                                                 directory: request.observerDirectory ?? workspace.root)
            let others = try otherWorkers(excluding: Set(request.domains))
            let rendered = Timestamp.local(now, in: workspace.timeZone)
            let workerContexts = planned.map { worker in
                BriefContext.WorkerBrief(
                    workspace: workspace.root, teamGoal: nil, rendered: rendered, worker: worker,
                    others: (others + planned).filter { $0.domain != worker.domain }.sorted { $0.number < $1.number },
                    observer: observer, contextLimit: BriefContext.workerContextLimit)
            }
            let observerContext = BriefContext.ObserverBrief(
                workspace: workspace.root, goal: request.goal, rendered: rendered, observer: observer,
                workers: (others + planned).sorted { $0.number < $1.number }, contextLimit: BriefContext.observerContextLimit)
            let workerBriefs = try renderer.render(.worker, contexts: workerContexts, on: workspace.board)
            let observerBrief = try renderer.render(.observer, contexts: [observerContext], on: workspace.board)

            // Nothing has been written up to here.
            for (worker, text) in zip(planned, workerBriefs.outputs) { try folder.write(Self.fileName(worker.brief), text) }
            try folder.write(observerName, observerBrief.outputs[0])
            try workers.createEntities(zip(request.domains, planned).map { Self.entity($0, $1, template: workerBriefs.version) },
                                       as: agent)
            try BoardGoal.record(BoardGoal(goal: request.goal, at: Timestamp.utc(now), by: agent.rawValue,
                                           workers: request.domains.map(\.rawValue), observerBrief: observer.brief),
                                 on: workspace.board)
            return LaunchReport(
                goal: request.goal, workspace: workspace.root,
                workers: planned.map { Self.launched($0, template: workerBriefs.version) },
                observer: LaunchedObserver(agent: observer.agent, brief: observer.brief, directory: observer.directory,
                                           template: observerBrief.version),
                replaced: conflicts)
        }
        let domains = request.domains.map(\.rawValue).joined(separator: ", ")
        let count = request.domains.count == 1 ? "1 worker" : "\(request.domains.count) workers"
        Bulletin(workspace).announce(WorkerBulletinText.shorten("Launched \(count) (\(domains)) for: \(request.goal)"), as: agent)
        return report
    }

    /// `coord brief`: one more worker mid-stream, numbered after the others unless `number` is given.
    public func addWorker(_ domain: WorkerDomain, goal: String, number requested: Int?, force: Bool,
                          as agent: AgentName) throws -> LaunchReport {
        try Self.validateGoal(goal)
        if let requested, requested < 1 {
            throw CoordError.invalidInput("--number takes a positive number, not \(requested).")
        }
        let now = workspace.clock.now()
        let folder = try BriefFolder(workspaceRoot: workspace.root)
        let boardGoal = try BoardGoal.current(in: workspace)

        let report: LaunchReport = try workspace.board.withExclusiveLock {
            let existing = try workers.numbers()
            if let requested, let holder = existing.first(where: { $0.value == requested && $0.key != domain })?.key {
                throw CoordError(.invalidInput,
                                 "Worker number \(requested) is taken by '\(holder)'; choose a free number or leave out --number.",
                                 exitStatus: ExitStatus.refused)
            }
            let number = requested ?? existing[domain] ?? (existing.values.max() ?? 0) + 1
            let worker = Self.briefWorker(domain, number: number, goal: goal)
            let conflicts = try conflicts([worker], existing: existing, folder: folder)
            if !conflicts.isEmpty && !force { throw CoordError.alreadyLaunched(conflicts) }

            let observer = boardGoal?.observerBrief.map {
                BriefContext.Observer(agent: Self.observerAgent, brief: $0, directory: workspace.root)
            }
            let context = BriefContext.WorkerBrief(
                workspace: workspace.root, teamGoal: boardGoal?.goal == goal ? nil : boardGoal?.goal,
                rendered: Timestamp.local(now, in: workspace.timeZone), worker: worker,
                others: try otherWorkers(excluding: [domain]), observer: observer, contextLimit: BriefContext.workerContextLimit)
            let brief = try renderer.render(.worker, contexts: [context], on: workspace.board)
            try folder.write(Self.fileName(worker.brief), brief.outputs[0])
            try workers.createEntities([Self.entity(domain, worker, template: brief.version)], as: agent)
            return LaunchReport(goal: goal, workspace: workspace.root, workers: [Self.launched(worker, template: brief.version)],
                                observer: nil, replaced: conflicts)
        }
        Bulletin(workspace).announce(
            WorkerBulletinText.shorten("Added worker \(report.workers[0].number) (\(domain)) for: \(goal)"), as: agent)
        return report
    }

    // MARK: Parts

    /// Existing entities and briefs the plan would overwrite, as paths relative to the root.
    private func conflicts(_ planned: [BriefContext.Worker], existing: [WorkerDomain: Int],
                           folder: BriefFolder) throws -> [String] {
        var found: [String] = []
        for worker in planned {
            let domain = try WorkerDomain(worker.domain)
            if existing[domain] != nil {
                found.append(Workspace.boardFolderName + "/" + Workers.folderName + "/" + domain.fileName)
            }
            if try folder.exists(Self.fileName(worker.brief)) { found.append(worker.brief) }
        }
        return found
    }

    /// The workers already on the board, except `excluded`, as briefs list them.
    private func otherWorkers(excluding excluded: Set<WorkerDomain>) throws -> [BriefContext.Worker] {
        try workers.summaries().filter { !excluded.contains($0.domain) }.map { summary in
            let goal = (try? workers.timeline(summary.domain).entity.goal) ?? ""
            var worker = Self.briefWorker(summary.domain, number: summary.state.number, goal: goal)
            worker.agent = summary.state.agent
            worker.status = summary.state.status.rawValue
            return worker
        }
    }

    static func briefWorker(_ domain: WorkerDomain, number: Int, goal: String) -> BriefContext.Worker {
        BriefContext.Worker(number: number, domain: domain.rawValue, entity: domain.entityName,
                            agent: domain.agentName(number: number), goal: goal,
                            brief: BriefFolder.relative(domain.briefName(number: number)))
    }

    static func entity(_ domain: WorkerDomain, _ worker: BriefContext.Worker, template: String) -> WorkerEntity {
        WorkerEntity(domain: domain, number: worker.number, goal: worker.goal ?? "", agent: worker.agent, brief: worker.brief,
                     template: template)
    }

    static func launched(_ worker: BriefContext.Worker, template: String) -> LaunchedWorker {
        LaunchedWorker(number: worker.number, domain: worker.domain, name: worker.entity, agent: worker.agent,
                       goal: worker.goal ?? "", brief: worker.brief, template: template)
    }

    static func fileName(_ relative: String) -> String {
        String(relative.dropFirst(BriefFolder.relativePath.count + 1))
    }

    /// `meta-observer-20261120-090000.md`, in the board's local time.
    static func observerBriefName(_ local: (date: CivilDate, time: ClockTime, second: Int, offset: Int)) -> String {
        let date = local.date.description.filter { $0 != "-" }
        return "meta-observer-\(date)-\(Digits.pad(local.time.hour, 2))\(Digits.pad(local.time.minute, 2))\(Digits.pad(local.second, 2)).md"
    }

    /// `--observer-dir`: an existing folder, made absolute from `currentDirectory`.
    public static func observerDirectory(_ given: String, from currentDirectory: String) throws -> String {
        if given.unicodeScalars.contains(where: Escaping.needsEscape) {
            throw CoordError.invalidInput("The observer folder '\(Escaping.escape(given))' contains control characters; name a plain folder.")
        }
        let path = Workspace.normalise(given.hasPrefix("/") ? given : Workspace.join(currentDirectory, given))
        guard SystemCall.realPath(path).flatMap(SystemCall.status(ofPath:))?.isDirectory == true else {
            throw CoordError.invalidInput("The observer folder '\(given)' does not exist; create it first or leave out --observer-dir.")
        }
        return path
    }

    public static func validateGoal(_ goal: String) throws {
        if goal.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw CoordError.invalidInput("The goal is empty; say what the team is for, for example --goal \"Implement authentication feature\".")
        }
        try WorkerObservation.validateText(goal, flag: "--goal")
    }
}

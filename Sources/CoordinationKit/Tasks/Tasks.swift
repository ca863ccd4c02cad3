import CoordStorage
import FoundationEssentials

/// What `coord task add` records.
public struct TaskDraft: Sendable {
    public var title: String
    public var body: String?
    public var after: [String]
    public var priority: Int
    public var due: Date?
    public var paths: [String]
    public var domain: String?
    public var tags: [String]

    public init(title: String, body: String? = nil, after: [String] = [], priority: Int = 2, due: Date? = nil,
                paths: [String] = [], domain: String? = nil, tags: [String] = []) {
        self.title = title
        self.body = body
        self.after = after
        self.priority = priority
        self.due = due
        self.paths = paths
        self.domain = domain
        self.tags = tags
    }
}

/// The task queue of a board: `.coordination/tasks.jsonl`.
///
/// Every change is a read-decide-append inside the board lock, the same
/// critical section as locks: so of any number of racing claimers exactly one
/// wins, ids are handed out one at a time, and a claim's fencing token comes
/// from the lock sequence (a `fence` record in `locks.jsonl`, or the claim's
/// own lock grants with `--lock`). State is the fold of the journal at the
/// workspace clock's "now", so expiry needs no process; a checkpoint in
/// `.state/` (see `TaskCheckpoint`) spares decoding the records it covers.
public struct Tasks: Sendable {
    public static let maximumTitleBytes = 500
    public static let maximumTextBytes = 16 * 1024
    /// Task commands compact the lock journal only past this many times the lock commands' threshold.
    static let lockCompactionFactor: Int64 = 4

    /// Writers save a new checkpoint once this many journal bytes lie past the last one
    /// (about a dozen claims). A save patches the checkpoint, copying the tasks those
    /// records leave alone, so it costs about as much as decoding a dozen records of JSON.
    public static let checkpointTail: Int64 = 2 * 1024

    public let workspace: Workspace
    public let settings: LockSettings
    /// See `checkpointTail`; 0 saves one after every write, nil never saves one.
    public let checkpointTail: Int64?

    public init(_ workspace: Workspace, settings: LockSettings = .standard, checkpointTail: Int64? = Tasks.checkpointTail) {
        self.workspace = workspace
        self.settings = settings
        self.checkpointTail = checkpointTail
    }

    var journal: TaskJournal { TaskJournal(board: workspace.board) }

    var loader: TaskQueueLoader { TaskQueueLoader(board: workspace.board, grace: settings.grace) }

    /// The queue as the journal says at the workspace clock's now (no lock: appends are atomic).
    public func queue() throws -> TaskQueue {
        try queue(.full)
    }

    func queue(_ scope: TaskQueueLoader.Scope) throws -> TaskQueue {
        try loader.load(scope, until: workspace.clock.now()).queue
    }

    // MARK: Adding and linking

    @discardableResult
    public func add(_ draft: TaskDraft, as agent: AgentName, announce: Bool = true, key: IdempotencyKey? = nil) throws -> WorkTask {
        let draft = try validated(draft)
        var repeated = false
        let task: WorkTask = try change(.full) { queue, _, now in
            if let earlier = try keyedTask(key, by: agent, in: queue, now: now) {
                repeated = true
                return (earlier, [], [])
            }
            var event = try Self.addition(draft, id: queue.nextID, in: queue, as: agent, at: now)
            event.key = key?.rawValue
            return (TaskQueue.newTask(event)!, [event], [])
        }
        if announce && !repeated {
            let waits = task.after.isEmpty ? "" : " (after \(task.after.joined(separator: ", ")))"
            try post("added \(task.id): \(Decisions.shortened(task.title, to: 200))\(waits)", as: agent)
        }
        return task
    }

    /// `draft` with every field checked and normalised, or the first problem.
    func validated(_ draft: TaskDraft) throws -> TaskDraft {
        var checked = draft
        checked.title = try Decisions.validated(draft.title, name: "task title", limit: Self.maximumTitleBytes,
                                                example: "coord task add \"write the parser\"")
        checked.body = try draft.body.map {
            try Decisions.validated($0, name: "--body", limit: Self.maximumTextBytes, example: "--body \"see docs/parser.md\"")
        }
        guard (0 ... 3).contains(draft.priority) else {
            throw CoordError.invalidInput("The --priority is \(draft.priority); use 0 (most urgent) to 3, for example --priority 1.")
        }
        checked.after = try Self.ids(draft.after)
        checked.paths = try Self.unique(draft.paths.map { try LockPath($0).description })
        checked.domain = try draft.domain.map(Self.validDomain)
        checked.tags = try Decisions.validatedTags(draft.tags)
        return checked
    }

    /// The `add` record of a validated `draft` as task `id` of `queue`; refused
    /// when a dependency is unknown or would close a cycle.
    static func addition(_ draft: TaskDraft, id: String, in queue: TaskQueue, as agent: AgentName, at now: Date) throws -> TaskEvent {
        // A task named after itself is a cycle, not an unknown id.
        if let cycle = TaskGraph.cycle(adding: draft.after, to: id, in: queue) { throw CoordError.taskCycle(cycle) }
        try requireKnown(draft.after, in: queue)
        var event = TaskEvent(event: .add, at: now, task: id, actor: agent.rawValue)
        event.title = draft.title
        event.body = draft.body
        event.after = draft.after.isEmpty ? nil : draft.after
        event.priority = draft.priority
        event.due = draft.due
        event.paths = draft.paths.isEmpty ? nil : draft.paths
        event.domain = draft.domain
        event.tags = draft.tags.isEmpty ? nil : draft.tags
        return event
    }

    /// Makes `id` wait on `after` as well; refused when that would close a cycle.
    @discardableResult
    public func link(_ id: String, after: [String], as agent: AgentName, announce: Bool = true,
                     key: IdempotencyKey? = nil) throws -> WorkTask {
        let id = try TaskID.parse(id)
        let after = try Self.ids(after)
        let outcome = try keyedChange(.full, key: key, by: agent, kinds: [.link], replay: { event, queue, _ in
            try Self.recorded(event, in: queue)
        }) { queue, _, now in
            var task = try Self.require(id, in: queue)
            try Self.requireKnown(after, in: queue)
            let added = after.filter { !task.after.contains($0) }
            if let cycle = TaskGraph.cycle(adding: added, to: id, in: queue) { throw CoordError.taskCycle(cycle) }
            guard !added.isEmpty else { return (task, [], []) }
            var event = TaskEvent(event: .link, at: now, task: id, actor: agent.rawValue)
            event.after = added
            task.after += added
            return (task, [event], [])
        }
        let task = outcome.value
        if announce && !outcome.repeated { try post("linked \(id) after \(after.joined(separator: ", "))", as: agent) }
        return task
    }

    /// Drops `after` from the dependencies of `id`.
    @discardableResult
    public func unlink(_ id: String, after: [String], as agent: AgentName, announce: Bool = true,
                       key: IdempotencyKey? = nil) throws -> WorkTask {
        let id = try TaskID.parse(id)
        let after = try Self.ids(after)
        let outcome = try keyedChange(.full, key: key, by: agent, kinds: [.unlink], replay: { event, queue, _ in
            try Self.recorded(event, in: queue)
        }) { queue, _, now in
            var task = try Self.require(id, in: queue)
            let removed = after.filter(task.after.contains)
            guard !removed.isEmpty else { return (task, [], []) }
            var event = TaskEvent(event: .unlink, at: now, task: id, actor: agent.rawValue)
            event.after = removed
            task.after.removeAll(where: removed.contains)
            return (task, [event], [])
        }
        let task = outcome.value
        if announce && !outcome.repeated { try post("unlinked \(id) from \(after.joined(separator: ", "))", as: agent) }
        return task
    }

    /// `--due`: a date, a date-time (in the board's zone unless it says) or a duration from now.
    public func dueDate(from text: String) throws -> Date {
        if let seconds = DurationText.seconds(in: text) { return workspace.clock.now().addingTimeInterval(Double(seconds)) }
        guard let date = Timestamp.parse(text, in: workspace.timeZone) else {
            throw CoordError.invalidInput("The --due '\(text)' is not a time; use 2026-11-21T17:00, 2026-11-22 or a duration such as 4h.")
        }
        return date
    }

    // MARK: Shared

    /// Runs `decide` on the current queue and lock table inside the board lock,
    /// then appends its lock records (one write) and its task records (one write).
    /// Lock records go first: a crash between the two leaves at worst a burned
    /// token or grants that expire on their own, never a claim without its locks.
    func change<T>(_ scope: TaskQueueLoader.Scope,
                   _ decide: (TaskQueue, LockTable, Date) throws -> (T, [TaskEvent], [LockEvent])) throws -> T {
        try workspace.board.withExclusiveLock { try changeLocked(scope, stamping: nil, decide) }
    }

    /// `change` for a caller that holds the board lock; `key` is written into every task record.
    /// Under a remote, the step is committed there with its lock records (`ExclusiveRecords`).
    func changeLocked<T>(_ scope: TaskQueueLoader.Scope, stamping key: IdempotencyKey?,
                         _ decide: (TaskQueue, LockTable, Date) throws -> (T, [TaskEvent], [LockEvent])) throws -> T {
        try ExclusiveRecords.commit(workspace) { try decideAndAppend(scope, stamping: key, decide) }
    }

    private func decideAndAppend<T>(_ scope: TaskQueueLoader.Scope, stamping key: IdempotencyKey?,
                                    _ decide: (TaskQueue, LockTable, Date) throws -> (T, [TaskEvent], [LockEvent])) throws -> T {
        let loaded = try loader.load(scope, at: workspace.clock.now())
        let queue = loaded.queue
        var taskRecords: [TaskEvent] = []
        // Task commands leave the lock journal's compaction to lock commands unless
        // their fence records alone pile up: a claim must not archive the lock history
        // a view of an earlier moment reads.
        let limit = settings.compactionBytes * Self.lockCompactionFactor
        let result = try Locks(workspace, settings: settings).withJournalLocked(compactingAbove: limit) { table, now in
            let (result, tasks, locks) = try decide(queue, table, now)
            taskRecords = tasks
            return (result, locks)
        }
        if let key { for index in taskRecords.indices { taskRecords[index].key = key.rawValue } }
        let written = try journal.append(taskRecords, at: loaded.size)
        // Past a checkpoint this did not move, the next command reads these records decoded (`TaskTailCache`).
        let saved = checkpointTail.map { loader.save(after: loaded, limit: $0) } ?? false
        if !saved { loader.cacheTail(after: loaded, appended: written) }
        // `claim --next` reads the checkpoint's ready list: one for a checkpoint that has none yet.
        if case .ready(_, first: true) = scope, saved || (loaded.checkpoint != nil && loaded.readyList == .absent) {
            TaskReadyCache.save(workspace.board)
        }
        return result
    }

    /// Posts after the board lock is let go (the bulletin takes it itself).
    func post(_ line: String, as agent: AgentName) throws {
        try Bulletin(workspace).post(LockText.shortened(line, toBytes: 1000), as: agent)
    }

    static func require(_ id: String, in queue: TaskQueue) throws -> WorkTask {
        guard let task = queue.tasks[id] else { throw CoordError.unknownTask(id) }
        return task
    }

    static func requireKnown(_ ids: [String], in queue: TaskQueue) throws {
        if let unknown = ids.first(where: { queue.tasks[$0] == nil }) { throw CoordError.unknownTask(unknown) }
    }

    /// Ids from the command line, comma-separated or repeated, normalised and without repeats.
    static func ids(_ texts: [String]) throws -> [String] {
        try unique(texts.flatMap { $0.split(separator: ",") }.map { try TaskID.parse($0.filter { $0 != " " }) })
    }

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    static func validDomain(_ text: String) throws -> String {
        guard !text.isEmpty, text.utf8.count <= 64, !text.unicodeScalars.contains(where: Escaping.needsEscape) else {
            throw CoordError.invalidInput(
                "The domain '\(Escaping.escape(text))' is empty, longer than 64 bytes or holds control characters; use a short name such as --domain backend.")
        }
        return text
    }
}

import CoordStorage
import FoundationEssentials

/// A task as `--json` shows it, wherever it appears: one shape, versioned by the document around it.
/// Instants are RFC 3339 UTC (`2026-11-21T09:00:00.000Z`).
public struct TaskView: Codable, Sendable, Equatable {
    public struct Claim: Codable, Sendable, Equatable {
        public var holder: String
        public var token: Int64
        public var since: String
        public var expires: String
        /// `live`, or `grace` once past `expires` (still held until grace ends).
        public var state: String
        public var locked: Bool
    }

    public var id: String
    public var title: String
    public var body: String?
    /// `ready`, `waiting`, `claimed`, `done`, `blocked` or `cancelled`.
    public var status: String
    public var priority: Int
    public var due: String?
    public var overdue: Bool
    public var after: [String]
    public var paths: [String]
    public var domain: String?
    public var tags: [String]
    public var created: String
    public var createdBy: String
    public var claim: Claim?
    public var reason: String?
    public var note: String?
    public var closed: String?
    public var closedBy: String?

    public init(_ task: WorkTask, in queue: TaskQueue, at now: Date) {
        id = task.id
        title = task.title
        body = task.body
        let status = queue.status(of: task, at: now)
        self.status = status.rawValue
        priority = task.priority
        due = task.due.map(JSONView.instant)
        overdue = queue.isOverdue(task, at: now)
        after = task.after
        paths = task.paths
        domain = task.domain
        tags = task.tags
        created = JSONView.instant(task.created)
        createdBy = task.createdBy
        claim = queue.liveClaim(of: task, at: now).map {
            Claim(holder: $0.holder, token: $0.token, since: JSONView.instant($0.since), expires: JSONView.instant($0.expires),
                  state: $0.state(at: now, grace: queue.grace).rawValue, locked: $0.locked)
        }
        reason = task.reason
        note = task.note
        closed = task.closed.map(JSONView.instant)
        closedBy = task.closedBy
    }
}

/// `coord tasks --json` (`JSONView` adds `version`).
public struct TaskListDocument: Codable, Sendable, Equatable {
    public var now: String
    public var tasks: [TaskView]
}

/// `coord task show --json`: the task and every record about it, oldest first (`JSONView` adds `version`).
public struct TaskDocument: Codable, Sendable, Equatable {
    public var now: String
    public var task: TaskView
    public var history: [TaskEvent]
}

/// What `coord tasks` lists.
public struct TaskQuery: Sendable {
    /// Only ready tasks, best first (otherwise id order).
    public var ready: Bool
    /// Only tasks claimed by this agent.
    public var claimedBy: String?
    public var status: TaskStatus?
    public var domain: String?

    public init(ready: Bool = false, claimedBy: String? = nil, status: TaskStatus? = nil, domain: String? = nil) {
        self.ready = ready
        self.claimedBy = claimedBy
        self.status = status
        self.domain = domain
    }
}

extension TaskQueue {
    /// Not finished and past its due time.
    public func isOverdue(_ task: WorkTask, at now: Date) -> Bool {
        guard let due = task.due, task.stage == .open || task.stage == .blocked else { return false }
        return due < now
    }
}

extension Tasks {
    /// The tasks `query` asks for, as they stand now.
    public func list(_ query: TaskQuery = TaskQuery()) throws -> TaskListDocument {
        let found = try select(query)
        return TaskListDocument(now: JSONView.instant(found.now), tasks: found.tasks.map { TaskView($0, in: found.queue, at: found.now) })
    }

    /// The tasks `query` asks for, with the queue that answers questions about
    /// them (for text views that need not build the JSON view).
    public func select(_ query: TaskQuery = TaskQuery()) throws -> (tasks: [WorkTask], queue: TaskQueue, now: Date) {
        let now = workspace.clock.now()
        // Done and cancelled tasks are read only when the answer can include them;
        // a ready list reads only the tasks it shows.
        let readyOnly = (query.ready || query.status == .ready) && query.claimedBy == nil
        let openOnly = query.ready || query.claimedBy != nil || [.ready, .waiting, .claimed, .blocked].contains(query.status)
        let loaded = try loader.load(readyOnly ? .ready(domain: query.domain, first: false) : openOnly ? .open : .full, until: now)
        let queue = loaded.queue
        if readyOnly && loaded.isPartial { return (queue.all, queue, now) }
        var found = query.ready || query.status == .ready ? queue.ready(at: now, domain: query.domain) : queue.all
        if !query.ready, query.status != .ready {
            found = found.filter { task in
                (query.domain == nil || task.domain == query.domain)
                    && (query.status == nil || queue.status(of: task, at: now) == query.status)
            }
        }
        if let holder = query.claimedBy {
            found = found.filter { queue.liveClaim(of: $0, at: now)?.holder == holder }
        }
        return (found, queue, now)
    }

    /// One task with its full history.
    public func show(_ id: String) throws -> TaskDocument {
        let id = try TaskID.parse(id)
        let now = workspace.clock.now()
        // The history is in the journal alone.
        let queue = TaskQueue(try journal.read().events, grace: settings.grace, until: now)
        let task = try Self.require(id, in: queue)
        return TaskDocument(now: JSONView.instant(now), task: TaskView(task, in: queue, at: now), history: queue.history[id] ?? [])
    }
}

import CoordStorage
import FoundationEssentials

/// The task queue: the fold of `tasks.jsonl`, front to back.
///
/// The fold is total and deterministic: a record it cannot apply (about an
/// unknown task, a repeated id, a claim token that is not the current one)
/// changes nothing. Time enters only through the `at:` of the questions asked,
/// so an expired claim frees its task without anyone writing a record.
public struct TaskQueue: Sendable {
    public private(set) var tasks: [String: WorkTask] = [:]
    /// Task ids in the order they were added.
    public private(set) var order: [String] = []
    /// The records of each task, oldest first (`coord task show`).
    public private(set) var history: [String: [TaskEvent]] = [:]
    /// The highest fencing token any record mentions.
    public private(set) var highWater: Int64 = 0
    public private(set) var highestNumber = 0
    public let grace: Int64
    /// Record ids folded so far (for a queue restored from a checkpoint, only those past it).
    private(set) var seen: Set<String> = []
    /// Where each task of `order` stands among all the adds, counting those a checkpoint left out.
    private(set) var ranks: [Int] = []
    /// How many tasks were ever added (the next add's rank).
    private(set) var added = 0
    /// Done and cancelled tasks that a checkpoint left out of `tasks`, `order` and
    /// `all`; nil when every task is there (see `TaskCheckpoint`).
    private(set) var closed: ClosedTasks?

    /// With `until`, records written after that instant are left out, so a
    /// view at a past `COORD_NOW` shows the queue as it was. Writers fold
    /// everything: an id handed out later must never be handed out again.
    public init(_ events: some Sequence<TaskEvent>, grace: Int64 = LockSettings.standard.grace, until: Date? = nil) {
        self.grace = grace
        for event in events where until.map({ event.at <= $0 }) ?? true { apply(event) }
    }

    /// The id the next task gets: `T-001` and up.
    public var nextID: String { TaskID.format(highestNumber + 1) }

    mutating func apply(_ event: TaskEvent) {
        guard seen.insert(event.id).inserted else { return }
        if let token = event.token { highWater = max(highWater, token) }
        if event.event == .add {
            guard tasks[event.task] == nil, closed?.stage(of: event.task) == nil, let task = Self.newTask(event) else { return }
            highestNumber = max(highestNumber, task.number)
            tasks[event.task] = task
            order.append(event.task)
            ranks.append(added)
            added += 1
            history[event.task] = [event]
            return
        }
        guard var task = tasks[event.task] else { return }
        history[event.task, default: []].append(event)
        task.apply(event)
        tasks[event.task] = task
    }

    /// The task an `add` record creates.
    static func newTask(_ event: TaskEvent) -> WorkTask? {
        guard let number = TaskID.number(event.task) else { return nil }
        return WorkTask(id: event.task, number: number, title: event.title ?? "", body: event.body,
                        priority: event.priority ?? 2, due: event.due, paths: event.paths ?? [], domain: event.domain,
                        tags: event.tags ?? [], after: event.after ?? [], created: event.at, createdBy: event.actor)
    }

    // MARK: Questions

    /// What the journal says of task `id`, whether or not a checkpoint left it out of `tasks`.
    public func stage(of id: String) -> WorkTask.Stage? {
        if let task = tasks[id] { return task.stage }
        return closed?.stage(of: id)
    }

    public func status(of task: WorkTask, at now: Date) -> TaskStatus {
        switch task.stage {
        case .done: return .done
        case .blocked: return .blocked
        case .cancelled: return .cancelled
        case .open:
            if let claim = task.claim, claim.state(at: now, grace: grace) != .lapsed { return .claimed }
            return task.after.allSatisfy({ stage(of: $0) == .done }) ? .ready : .waiting
        }
    }

    /// The claim that still counts at `now` (live or in grace).
    public func liveClaim(of task: WorkTask, at now: Date) -> TaskClaim? {
        guard task.stage == .open, let claim = task.claim, claim.state(at: now, grace: grace) != .lapsed else { return nil }
        return claim
    }

    /// Ready tasks, best first: priority, then due time (none last), then age.
    public func ready(at now: Date, domain: String? = nil) -> [WorkTask] {
        order.compactMap { tasks[$0] }
            .filter { (domain == nil || $0.domain == domain) && status(of: $0, at: now) == .ready }
            .sorted(by: Self.precedes)
    }

    static func precedes(_ a: some ReadyOrdered, _ b: some ReadyOrdered) -> Bool {
        if a.priority != b.priority { return a.priority < b.priority }
        switch (a.due, b.due) {
        case let (x?, y?) where x != y: return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        default: break
        }
        if a.created != b.created { return a.created < b.created }
        return a.number < b.number
    }

    /// True when no task was ever added.
    public var isEmpty: Bool { order.isEmpty && (closed?.count ?? 0) == 0 }

    /// Every task in id order.
    public var all: [WorkTask] { order.compactMap { tasks[$0] } }

    /// Open tasks that wait on `id`.
    public func dependents(of id: String) -> [WorkTask] {
        all.filter { $0.after.contains(id) }
    }
}

/// Task ids: `T-` and a number of at least three digits.
extension WorkTask {
    /// Folds one record (not an `add`) onto the task it names: what the record does to the task itself.
    mutating func apply(_ event: TaskEvent) {
        switch event.event {
        case .link:
            for id in event.after ?? [] where !after.contains(id) { after.append(id) }
        case .unlink:
            after.removeAll { (event.after ?? []).contains($0) }
        case .claim:
            guard let token = event.token, let expires = event.expires else { break }
            claim = TaskClaim(holder: event.actor, token: token, since: event.at, expires: expires,
                              ttl: event.ttl ?? Int64(expires.timeIntervalSince(event.at)), locked: event.locked ?? false)
            claim?.process = event.process
        case .renew:
            guard var claim = self.claim, claim.token == event.token, let expires = event.expires else { break }
            claim.expires = expires
            claim.ttl = event.ttl ?? claim.ttl
            self.claim = claim
        case .release:
            if claim?.token == event.token { claim = nil }
        case .done:
            close(as: .done, by: event)
            note = event.note
        case .block:
            stage = .blocked
            reason = event.reason
            claim = nil
        case .unblock:
            if stage == .blocked { stage = .open }
            reason = nil
        case .cancel:
            close(as: .cancelled, by: event)
            reason = event.reason
        default:
            break
        }
    }

    /// Done or cancelled by `event`: the claim ends with it.
    private mutating func close(as stage: Stage, by event: TaskEvent) {
        self.stage = stage
        claim = nil
        closed = event.at
        closedBy = event.actor
    }
}

public enum TaskID {
    public static func format(_ number: Int) -> String {
        let digits = String(number)
        return "T-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }

    public static func number(_ id: String) -> Int? {
        guard id.hasPrefix("T-"), let number = Int(id.dropFirst(2)), number > 0 else { return nil }
        return number
    }

    /// `t-7`, `T-007`, `7` → `T-007`, or a usage error.
    public static func parse(_ text: String) throws -> String {
        let trimmed = text.uppercased().hasPrefix("T-") ? String(text.dropFirst(2)) : text
        guard let number = Int(trimmed), number > 0 else {
            throw CoordError.invalidInput("'\(Escaping.escape(text))' is not a task id; task ids look like T-001.")
        }
        return format(number)
    }
}

extension TaskQueue {
    /// Starts a one-task queue from `task` (to fold a record onto it alone).
    mutating func adopt(_ task: WorkTask) {
        tasks[task.id] = task
        order.append(task.id)
        ranks.append(added)
        added += 1
    }

    /// A queue as a checkpoint recorded it: `tasks` in add order with their
    /// ranks, and the done and cancelled tasks it left out in `closed`.
    init(restoring tasks: [WorkTask], ranks: [Int], added: Int, closed: ClosedTasks?, highWater: Int64,
         highestNumber: Int, grace: Int64) {
        self.grace = grace
        self.highWater = highWater
        self.highestNumber = highestNumber
        self.added = added
        self.ranks = ranks
        self.closed = closed
        order.reserveCapacity(tasks.count)
        self.tasks.reserveCapacity(tasks.count)
        for task in tasks {
            order.append(task.id)
            self.tasks[task.id] = task
        }
    }

    /// Stages of the tasks this queue does not hold (see `ClosedTasks`).
    mutating func know(_ stages: ClosedTasks) { closed = stages }

    /// Brings back the tasks a checkpoint left out, in add order, so that `all`,
    /// `order` and `tasks` hold every task. `left` are the decoded closed tasks with their ranks.
    mutating func restore(_ left: [(rank: Int, task: WorkTask)]) {
        var merged: [String] = []
        var mergedRanks: [Int] = []
        merged.reserveCapacity(order.count + left.count)
        mergedRanks.reserveCapacity(order.count + left.count)
        var index = 0
        for (rank, task) in left {
            while index < order.count, ranks[index] < rank {
                merged.append(order[index])
                mergedRanks.append(ranks[index])
                index += 1
            }
            tasks[task.id] = task
            merged.append(task.id)
            mergedRanks.append(rank)
        }
        merged += order[index...]
        mergedRanks += ranks[index...]
        order = merged
        ranks = mergedRanks
        closed = nil
    }
}

/// What the ready list is ordered by (`TaskQueue.precedes`): priority, then
/// due time (none last), then age, then number.
protocol ReadyOrdered {
    var priority: Int { get }
    var due: Date? { get }
    var created: Date { get }
    var number: Int { get }
}

extension WorkTask: ReadyOrdered {}

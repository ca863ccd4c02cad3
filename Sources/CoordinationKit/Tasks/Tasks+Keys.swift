import CoordStorage
import FoundationEssentials

// `--key` for the task commands that change a task: claim, renew, done,
// release, block, unblock, cancel, link and unlink. One rule for all of them:
// the key is written into the task record the call appends; a later call by
// the same agent with the same key, within the window, finds that record under
// the board lock and returns what it recorded, writing nothing.

extension Tasks {
    /// The result of a keyed task change, and whether it repeated an earlier call.
    struct KeyedOutcome<T> {
        var value: T
        var repeated: Bool
    }

    /// `change` with `--key`: when `agent` already wrote a record of one of
    /// `kinds` with `key` within the window, `replay` rebuilds that call's
    /// result from the record and the queue as it stands now, and nothing is
    /// written; otherwise `decide` runs as in `change` and its task records
    /// carry the key.
    func keyedChange<T>(_ scope: TaskQueueLoader.Scope, key: IdempotencyKey?, by agent: AgentName, kinds: Set<TaskEvent.Kind>,
                        replay: (TaskEvent, TaskQueue, Date) throws -> T,
                        _ decide: (TaskQueue, LockTable, Date) throws -> (T, [TaskEvent], [LockEvent])) throws -> KeyedOutcome<T> {
        guard let key else { return KeyedOutcome(value: try change(scope, decide), repeated: false) }
        return try workspace.board.withExclusiveLock {
            let now = workspace.clock.now()
            let earlier = try KeyedRecords.find(TaskEvent.self, in: workspace.board, name: TaskEvent.fileName, key: key, now: now,
                                                where: { $0.actor == agent.rawValue && $0.key == key.rawValue && kinds.contains($0.event) })
            if let event = earlier.last {
                let queue = try loader.load(.task(event.task), at: now).queue
                let value = try replay(event, queue, now)
                IdempotencyKey.noteRepeat(key, "\(event.event) of \(event.task)")
                return KeyedOutcome(value: value, repeated: true)
            }
            return KeyedOutcome(value: try changeLocked(scope, stamping: key, decide), repeated: false)
        }
    }

    /// The task a keyed record is about, as it stands now.
    static func recorded(_ event: TaskEvent, in queue: TaskQueue) throws -> WorkTask {
        try require(event.task, in: queue)
    }

    /// What a keyed `claim` or `renew` returned: its task, the claim as that
    /// record left it (same token and expiry) and the locks still held under its token.
    func reclaimed(_ event: TaskEvent, in queue: TaskQueue, now: Date) throws -> Claimed {
        let task = try Self.recorded(event, in: queue)
        let token = event.token ?? 0
        let since = task.claim.flatMap { $0.token == token ? $0.since : nil } ?? event.at
        let claim = TaskClaim(holder: event.actor, token: token, since: since, expires: event.expires ?? event.at,
                              ttl: event.ttl ?? 0, locked: event.locked ?? task.claim?.locked ?? false)
        let locks = try Locks(workspace, settings: settings).table(asOf: now).grants.values
            .filter { $0.holder == event.actor && $0.token == token }.sorted { $0.path < $1.path }
        return Claimed(task: task, claim: claim, locks: locks)
    }
}

// What a keyed command gives back when its key was used before: the result
// read from the records the first call committed. It runs inside the board
// lock, before the command decides anything. See IdempotencyKey.

extension Tasks {
    /// The task `agent` added with `key` within the window, as it stands now.
    func keyedTask(_ key: IdempotencyKey?, by agent: AgentName, in queue: TaskQueue, now: Date) throws -> WorkTask? {
        guard let key,
              let event = try KeyedRecords.find(TaskEvent.self, in: workspace.board, name: TaskEvent.fileName, key: key,
                                                now: now, where: { $0.event == .add && $0.actor == agent.rawValue && $0.key == key.rawValue }).last,
              let task = queue.tasks[event.task]
        else { return nil }
        IdempotencyKey.noteRepeat(key, task.id)
        return task
    }
}

import CoordStorage
import FoundationEssentials

// What each keyed command gives back when its key was used before: the result
// read from the records the first call committed. Each runs inside the board
// lock, before the command decides anything.

extension Locks {
    /// The grants an earlier `acquire` by `holder` with `key` made, or nil.
    /// Compaction moves old records to the month's archive byte for byte, so
    /// the archive files the window spans are searched too.
    func keyedGrants(_ key: IdempotencyKey?, holder: String, now: Date) throws -> Grants? {
        guard let key else { return nil }
        let written = try keyedEvents(key, now: now) {
            $0.holder == holder && ($0.event == .acquire || $0.event == .renew)
        }.filter { $0.path != nil }
        guard !written.isEmpty else { return nil }
        let grants = written.map { event in
            LockGrant(path: event.path!, holder: holder, token: event.token, since: event.at, expires: event.expires ?? event.at,
                      ttl: event.ttl ?? 0, intent: event.intent ?? "", renewed: event.event == .renew ? event.at : nil)
        }
        return Grants(grants: grants, renewed: Set(written.filter { $0.event == .renew }.compactMap(\.path)))
    }

    /// The records of the last call that wrote `key` and satisfies `isOwn`,
    /// within the window. Compaction moves old records to the month's archive
    /// byte for byte, so the archive files the window spans are searched too.
    func keyedEvents(_ key: IdempotencyKey, now: Date, where isOwn: @escaping (LockEvent) -> Bool) throws -> [LockEvent] {
        let own: (LockEvent) -> Bool = { $0.key == key.rawValue && isOwn($0) }
        var events = try KeyedRecords.find(LockEvent.self, in: workspace.board, name: LockEvent.fileName, key: key,
                                           now: now, where: own)
        if events.isEmpty, let archive = try workspace.board.subdirectory(LockArchive.folder, create: false) {
            let names = [LockArchive.name(for: IdempotencyKey.horizon(now)), LockArchive.name(for: now)]
            for name in names.indices.compactMap({ $0 == 0 || names[$0] != names[0] ? names[$0] : nil }) {
                events += try KeyedRecords.find(LockEvent.self, in: archive, name: name, key: key, now: now, where: own)
            }
        }
        guard let last = events.last else { return [] }
        return events.filter { $0.at == last.at }
    }
}

extension Decisions {
    /// The decision `agent` recorded (or, with other `kinds`, approved or
    /// rejected) with `key` within the window, as it stands now.
    func keyedDecision(_ key: IdempotencyKey?, by agent: AgentName, kinds: Set<DecisionEvent.Kind> = [.decided],
                       in recorded: [Stored<DecisionEvent>], now: Date) throws -> Decision? {
        guard let key else { return nil }
        let horizon = Timestamp.utc(IdempotencyKey.horizon(now))
        guard let event = recorded.last(where: {
            kinds.contains($0.value.event) && $0.value.key == key.rawValue && $0.value.actor == agent.rawValue
                && $0.value.at >= horizon
        }) else { return nil }
        let decision = try DecisionLog(recorded, zone: workspace.timeZone).require(event.value.adr)
        IdempotencyKey.noteRepeat(key, decision.id)
        return decision
    }
}

extension Workers {
    /// The last record `agent` wrote with `key` in `domain`'s journal within the window.
    func keyedRecord(_ key: IdempotencyKey?, by agent: AgentName, in domain: WorkerDomain,
                     folder: BoardDirectory) throws -> WorkerRecord? {
        guard let key else { return nil }
        return try KeyedRecords.find(WorkerRecord.self, in: folder, name: domain.fileName, key: key,
                                     now: workspace.clock.now(), where: { $0.agent == agent.rawValue && $0.key == key.rawValue }).last
    }
}

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

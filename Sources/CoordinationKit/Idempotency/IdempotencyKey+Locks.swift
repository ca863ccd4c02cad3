import CoordStorage
import FoundationEssentials

// `--key` for `unlock` and `renew`: the key is written into each lock record
// the call appends; a later call by the same agent with the same key, within
// the window, rebuilds its result from those records and writes nothing.

extension Locks {
    /// `withJournal` with `--key`: when `agent` already wrote records of one of
    /// `kinds` with `key` within the window, `replay` rebuilds that call's result
    /// from them and nothing is written; otherwise `decide` runs as in
    /// `withJournal` and every record it returns carries the key.
    func keyedJournal<T>(_ key: IdempotencyKey?, by agent: AgentName, kinds: Set<LockEvent.Kind>,
                         replay: ([LockEvent], Date) throws -> T,
                         _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> (value: T, repeated: Bool) {
        guard key != nil else { return (try withJournal(decide), false) }
        return try workspace.board.withExclusiveLock {
            try keyedJournalLocked(key, by: agent, kinds: kinds, replay: replay, decide)
        }
    }

    /// `keyedJournal` for a caller that already holds the board lock.
    func keyedJournalLocked<T>(_ key: IdempotencyKey?, by agent: AgentName, kinds: Set<LockEvent.Kind>,
                               replay: ([LockEvent], Date) throws -> T,
                               _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> (value: T, repeated: Bool) {
        guard let key else { return (try withJournalLocked(decide), false) }
        let now = workspace.clock.now()
        let holder = agent.rawValue
        let earlier = try keyedEvents(key, now: now) {
            kinds.contains($0.event) && ($0.event == .break ? $0.by == holder : $0.holder == holder)
        }
        if let first = earlier.first {
            let value = try replay(earlier, now)
            IdempotencyKey.noteRepeat(key, "the \(first.event) at token \(first.token)")
            return (value, true)
        }
        let value = try withJournalLocked { table, now in
            var (value, records) = try decide(table, now)
            for index in records.indices { records[index].key = key.rawValue }
            return (value, records)
        }
        return (value, false)
    }

    /// What a keyed `release` returned: the grants its records ended.
    static func rereleased(_ events: [LockEvent]) -> Release {
        func grant(_ event: LockEvent) -> LockGrant? {
            event.path.map {
                LockGrant(path: $0, holder: event.holder ?? "", token: event.token, since: event.at, expires: event.at, ttl: 0, intent: "")
            }
        }
        return Release(released: events.filter { $0.event == .release }.compactMap(grant),
                       broken: events.filter { $0.event == .break }.compactMap(grant))
    }

    /// What a keyed `renew` returned: each renewed grant with the expiry that record gave it.
    func rerenewed(_ events: [LockEvent], now: Date) throws -> [LockGrant] {
        let table = try table(asOf: now)
        return events.filter { $0.event == .renew }.compactMap { event in
            guard let path = event.path else { return nil }
            let current = table.grants[path].flatMap { $0.token == event.token ? $0 : nil }
            return LockGrant(path: path, holder: event.holder ?? "", token: event.token, since: current?.since ?? event.at,
                             expires: event.expires ?? event.at, ttl: event.ttl ?? 0, intent: current?.intent ?? "",
                             renewed: event.at)
        }
    }
}

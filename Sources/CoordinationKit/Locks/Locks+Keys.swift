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

    /// What a keyed `release` returned: the grants its records ended, as they
    /// stood when they ended (since, expiry, TTL and intent read back from the
    /// grant's own records; only when compaction has archived those is the end
    /// itself shown instead).
    func rereleased(_ events: [LockEvent]) throws -> Release {
        let grants = try grantRecords(tokens: Set(events.filter { $0.path != nil }.map(\.token)))
        func grant(_ event: LockEvent) -> LockGrant? {
            guard let path = event.path else { return nil }
            guard let stood = grants[event.token] else {
                return LockGrant(path: path, holder: event.holder ?? "", token: event.token, since: event.at, expires: event.at,
                                 ttl: 0, intent: "")
            }
            return LockGrant(path: path, holder: event.holder ?? "", token: event.token, since: stood.acquire.at,
                             expires: stood.latest.expires ?? event.at, ttl: stood.latest.ttl ?? 0,
                             intent: stood.acquire.intent ?? "", renewed: stood.latest.event == .renew ? stood.latest.at : nil)
        }
        return Release(released: events.filter { $0.event == .release }.compactMap(grant),
                       broken: events.filter { $0.event == .break }.compactMap(grant))
    }

    /// For each of `tokens`, its grant's `acquire` record and its latest
    /// `acquire` or `renew`, read from the end of the journal; only lines that
    /// name one of the tokens are decoded, and the scan stops once every
    /// acquire is found.
    private func grantRecords(tokens: Set<Int64>) throws -> [Int64: (acquire: LockEvent, latest: LockEvent)] {
        guard !tokens.isEmpty else { return [:] }
        let needles = tokens.map { Array("\"token\":\($0)".utf8) }
        var latest: [Int64: LockEvent] = [:]
        var found: [Int64: (acquire: LockEvent, latest: LockEvent)] = [:]
        try RecordJournal<LockEvent>(directory: workspace.board).scanBackward(as: LockEvent.self, choosing: { bytes in
            needles.contains { KeyedRecords.contains(bytes, $0) } ? .decode : .skip
        }) { stored in
            let event = stored.value
            guard tokens.contains(event.token), event.event == .acquire || event.event == .renew else { return true }
            if latest[event.token] == nil { latest[event.token] = event }
            if event.event == .acquire, let last = latest[event.token] { found[event.token] = (event, last) }
            return found.count < tokens.count
        }
        return found
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

// What a keyed command gives back when its key was used before: the result
// read from the records the first call committed. Each runs inside the board
// lock, before the command decides anything. See IdempotencyKey.

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

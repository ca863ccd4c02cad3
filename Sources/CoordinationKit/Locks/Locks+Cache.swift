import CoordStorage
import FoundationEssentials

/// The lock commands' way around decoding the whole journal: the fold saved
/// in `.state/locks.idx` (`LockStateCache`), checked against the journal and
/// brought up to date, answers exactly as the fold of every record would.
extension Locks {
    /// The locks as they stood at `now` (records written after it left out),
    /// for `check`: from the cache when it covers nothing written after `now`.
    func table(asOf now: Date) throws -> LockTable {
        if let bytes = try workspace.board.read(LockEvent.fileName),
           let state = try LockStateCache.current(for: bytes, board: workspace.board, grace: settings.grace, forQuestions: true),
           state.latest.map({ $0 <= now }) ?? true {
            return state.table
        }
        return LockTable(try journal.read().records.lazy.map(\.value), grace: settings.grace, asOf: now)
    }

    /// The grants of the table `table(asOf:)` gives, straight from the cache
    /// when it covers every complete line of the journal and nothing written
    /// after `now`; nil otherwise (then the caller builds the table). Builds no
    /// dictionary: `check` asks about a path or two.
    func cachedGrants(asOf now: Date) throws -> [LockGrant]? {
        guard let bytes = try workspace.board.read(LockEvent.fileName),
              let cached = LockStateCache.grants(for: bytes, board: workspace.board),
              cached.latest.map({ $0 <= now }) ?? true
        else { return nil }
        return cached.grants
    }

    /// `withJournalLocked` from the cache: nil, with nothing written, when the
    /// cache cannot answer, holds records written after `now` (a clock pinned
    /// in the past: the fold must leave them out), or the journal is due for a
    /// compaction the cache cannot make (see `compactFromCache`), so that the
    /// caller takes the full path.
    func withCachedJournal<T>(now: Date, floor: LockTokenFloor, highest: Int64, compactingAbove limit: Int64?,
                              _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> T? {
        var bytes = try workspace.board.read(LockEvent.fileName) ?? []
        guard var state = try LockStateCache.current(for: bytes, board: workspace.board, grace: settings.grace),
              // A command at a pinned past moment must not see records written after it.
              state.latest.map({ $0 <= now }) ?? true
        else { return nil }
        if state.history(size: Int64(bytes.count), at: now, compactionBytes: settings.compactionBytes) > (limit ?? settings.compactionBytes) {
            guard let compacted = try compactFromCache(&state, journal: bytes, now: now, highest: highest) else { return nil }
            bytes = compacted
        }
        var table = state.table
        table.raiseHighWater(to: highest)
        var (result, records): (T, [LockEvent])
        do {
            (result, records) = try decide(table, now)
        } catch {
            // A refused command still leaves the compacted journal's fold for the next one.
            if !state.isSaved { state.save(to: workspace.board) }
            throw error
        }
        for index in records.indices {
            records[index].id = try LockEvent.derivedID(records[index], position: Int64(bytes.count), index: index)
        }
        if let handedOut = records.filter({ $0.event == .acquire }).map(\.token).max(), handedOut > highest {
            try floor.raise(to: handedOut)
        }
        let lines = try Self.journalLines(records)
        try appendToJournal(lines)
        Self.saveState(&state, journal: bytes, appending: records, lines: lines, to: workspace.board)
        return result
    }

    /// Compacts the journal as the full path would (`RecordJournal.compact`),
    /// with each line's record id taken from the cache instead of decoding
    /// every record, and brings `state` to the compacted journal; returns the
    /// journal's new bytes. Nil, with nothing written, unless the cache
    /// accounts for every line:
    /// - it covers the whole journal (no torn tail), and its record ids, in the
    ///   order folded, are one per line, each with that line's bytes: no line
    ///   is unreadable or repeats an id (those need the decoded journal);
    /// - no grant is contested (only after a merge), and no kept renewal lacks
    ///   the intent or ttl its grant holds, so the fold of the kept lines is
    ///   the cached grants still blocking, which the new state restores.
    func compactFromCache(_ state: inout LockStateCache, journal bytes: [UInt8], now: Date, highest: Int64) throws -> [UInt8]? {
        guard state.covered == bytes.count, state.table.contested.isEmpty,
              state.order.count == state.table.recordIDs.count
        else { return nil }
        let scanned = LineScanner.lines(of: bytes)
        guard scanned.count == state.order.count else { return nil }
        var lines: [LockJournal.CompactedLine] = []
        lines.reserveCapacity(scanned.count)
        for (line, id) in zip(scanned, state.order) {
            guard state.recordBytes[id] == line.bytes.count + 1 else { return nil }
            lines.append(.init(range: line.bytes.startIndex ..< line.bytes.endIndex, id: id))
        }
        var table = state.table
        table.raiseHighWater(to: highest)
        let keep = table.recordIDsToKeep(at: now)
        guard keep.isDisjoint(with: state.silentRenewals) else { return nil }
        let compacted = try journal.compact(bytes, lines: lines, complete: bytes.count, size: Int64(bytes.count),
                                            keeping: keep, table: table, now: now)
        state = LockStateCache(compacted: compacted, from: state, grace: settings.grace, at: now)
        return compacted.journal
    }

    /// The bytes `journal.append(records)` writes: each record as `BoardJSON`
    /// encodes it (sorted keys; `LockEvent` writes its own `"v"`, so the line
    /// is the one its `Stored` wrapper gives) and a newline. Encoded once, for
    /// the journal and the cache, and without the generic `Stored` wrapper,
    /// whose first encode in a process costs a runtime conformance lookup.
    static func journalLines(_ records: [LockEvent]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for record in records {
            bytes += try BoardJSON.line(record)
            bytes.append(LineScanner.newline)
        }
        return bytes
    }

    /// Appends `lines` (from `journalLines`) to `locks.jsonl` in one write, as `journal.append` does.
    func appendToJournal(_ lines: [UInt8]) throws {
        guard !lines.isEmpty else { return }
        try workspace.board.openOrCreate(LockEvent.fileName, mode: .append).append(lines)
    }

    /// Saves `state`, the fold of `journal`, with `records` appended after it.
    /// Caches are written last and never turn a committed write into an error.
    /// `lines` are the bytes the records were appended as (`journalLines`).
    static func saveState(_ state: inout LockStateCache, journal: [UInt8], appending records: [LockEvent],
                          lines: [UInt8], to board: BoardDirectory) {
        // After an unterminated tail, the append started a fresh line first:
        // the next full fold counts that line, so leave the cache to it.
        guard state.covered == journal.count, !(records.isEmpty && state.isSaved) else { return }
        state.append(records, lines: lines)
        state.save(to: board)
    }
}

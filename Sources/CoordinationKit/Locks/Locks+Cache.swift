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

    /// `withJournalLocked` from the cache: nil, with nothing written, when the
    /// cache cannot answer, holds records written after `now` (a clock pinned
    /// in the past: the fold must leave them out), or the journal is due for
    /// compaction (which needs every record), so that the caller takes the full path.
    func withCachedJournal<T>(now: Date, floor: LockTokenFloor, highest: Int64, compactingAbove limit: Int64?,
                              _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> T? {
        let bytes = try workspace.board.read(LockEvent.fileName) ?? []
        guard var state = try LockStateCache.current(for: bytes, board: workspace.board, grace: settings.grace),
              // A command at a pinned past moment must not see records written after it.
              state.latest.map({ $0 <= now }) ?? true,
              state.history(size: Int64(bytes.count), at: now, compactionBytes: settings.compactionBytes)
                <= (limit ?? settings.compactionBytes)
        else { return nil }
        var table = state.table
        table.raiseHighWater(to: highest)
        var (result, records) = try decide(table, now)
        for index in records.indices {
            records[index].id = try LockEvent.derivedID(records[index], position: Int64(bytes.count), index: index)
        }
        if let handedOut = records.filter({ $0.event == .acquire }).map(\.token).max(), handedOut > highest {
            try floor.raise(to: handedOut)
        }
        try journal.append(records)
        Self.saveState(&state, journal: bytes, appending: records, to: workspace.board)
        return result
    }

    /// Saves `state`, the fold of `journal`, with `records` appended after it.
    /// Caches are written last and never turn a committed write into an error.
    static func saveState(_ state: inout LockStateCache, journal: [UInt8], appending records: [LockEvent],
                          to board: BoardDirectory) {
        // After an unterminated tail, the append started a fresh line first:
        // the next full fold counts that line, so leave the cache to it.
        guard state.covered == journal.count, !(records.isEmpty && state.isSaved),
              let lines = try? LockJournal.lines(records.map { Stored(value: $0) })
        else { return }
        state.append(records, lines: lines)
        state.save(to: board)
    }
}

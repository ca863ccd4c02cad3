import FoundationEssentials

/// Gathers the board's current state and its recent changes into the
/// observer's model. Each journal (workers, locks, decisions) is read in its
/// own extension; a journal the board does not have contributes nothing.
struct BoardReader {
    let workspace: Workspace
    let now: Date
    /// True for the observer: a journal that cannot be read is reported as a
    /// warning and its problems are left as they were. False for `coord status`,
    /// which fails with the journal's own error.
    var lenient = false
    /// Whether to look for each worker's `Files` (the observer's collision check).
    var includesFiles = true

    /// The board as it is now.
    func snapshot() throws -> BoardSnapshot {
        var snapshot = BoardSnapshot(now: now)
        if let decisions = try attempt(&snapshot, { try decisions() }) {
            snapshot.decisions = decisions
            snapshot.evaluated.formUnion([.awaitingApproval, .unacknowledged])
        }
        return snapshot
    }

    /// Events recorded since `cursor`, which is moved past them.
    func events(since cursor: inout ObserverCursor, warnings: inout [String]) throws -> [Finding] {
        []
    }

    /// Runs `body`; in lenient mode a board error becomes a warning and nil.
    private func attempt<T>(_ snapshot: inout BoardSnapshot, _ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let error as CoordError where lenient {
            snapshot.warnings.append(error.message)
            return nil
        }
    }
}

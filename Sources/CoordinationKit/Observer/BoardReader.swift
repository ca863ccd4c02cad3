import FoundationEssentials

/// Gathers the board's current state and its recent changes into the
/// observer's model. Each journal (workers, locks, decisions) is read in its
/// own extension; a journal this board does not have contributes nothing.
struct BoardReader {
    let workspace: Workspace
    let now: Date

    /// The board as it is now.
    func snapshot() throws -> BoardSnapshot {
        BoardSnapshot(now: now)
    }

    /// Events recorded since `cursor`, which is moved past them.
    func events(since cursor: inout ObserverCursor) throws -> [Finding] {
        []
    }
}

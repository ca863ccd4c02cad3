import CoordStorage
import FoundationEssentials

extension BoardReader {
    /// The task queue at `now`, every task included (the observer reports on finished blockers and cancelled dependencies).
    func tasks() throws -> TaskQueue {
        try TaskQueueLoader(board: workspace.board, grace: LockSettings.standard.grace).load(.full, until: now).queue
    }
}

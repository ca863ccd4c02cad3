import CoordStorage
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
        snapshot.goal = try attempt(&snapshot) { try goal() } ?? nil
        let views = try attempt(&snapshot) { try workers(includingFiles: includesFiles) }
        if let views {
            snapshot.workers = views.map(\.worker)
            addLastSeen(to: &snapshot.workers)
            snapshot.handoffs = views.flatMap(\.waiting)
            snapshot.evaluated.formUnion([.blocker, .staleWorker, .unpickedHandoff, .collision])
        }
        if let decisions = try attempt(&snapshot, { try decisions() }) {
            snapshot.decisions = decisions
            snapshot.evaluated.insert(.awaitingApproval)
            if views != nil { snapshot.evaluated.insert(.unacknowledged) }
        }
        if let locks = try attempt(&snapshot, { try locks() }) {
            snapshot.locks = locks.locks
            snapshot.contests = locks.contests
            snapshot.evaluated.formUnion([.expiredLock, .contestedLock])
            if views != nil { snapshot.evaluated.insert(.staleHolder) }
        } else {
            // Collisions count live locks too: without them, leave collisions as they were.
            snapshot.evaluated.remove(.collision)
        }
        if let queue = try attempt(&snapshot, { try tasks() }) {
            snapshot.tasks = queue
            snapshot.evaluated.formUnion([.expiredClaim, .overdueTask, .finishedBlocker, .cancelledDependency])
        }
        if let inboxes = try attempt(&snapshot, { try inboxes() }) {
            snapshot.inboxes = inboxes
            if views != nil { snapshot.evaluated.insert(.urgentUnread) }
        }
        return snapshot
    }

    /// Each worker's last-seen (`.state/seen/`), when it is not after `now`.
    /// Unreadable stamps leave workers as their journals describe them.
    private func addLastSeen(to workers: inout [ObservedWorker]) {
        guard let seen = try? LastSeen(workspace).all(), !seen.isEmpty else { return }
        for index in workers.indices {
            if let agent = workers[index].agent, let sighting = seen[agent], sighting.at <= now {
                workers[index].lastSeen = sighting.at
            }
        }
    }

    /// Events recorded since `cursor`, which is moved past them.
    func events(since cursor: inout ObserverCursor, warnings: inout [String]) throws -> [Finding] {
        var events: [Finding] = []
        do {
            events += try workerEvents(since: &cursor)
        } catch let error as CoordError where lenient {
            warnings.append(error.message)
        }
        do {
            events += lockEvents(try locks().events, since: &cursor)
        } catch let error as CoordError where lenient {
            warnings.append(error.message)
        }
        return events
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

    /// The goal `coord launch` recorded in `goal.json`: only its text is read.
    func goal() throws -> String? {
        guard let bytes = try workspace.board.read(BoardGoal.fileName) else { return nil }
        let path = workspace.board.child(BoardGoal.fileName)
        guard let head = try? BoardJSON.decode(GoalHead.self, from: bytes) else {
            throw CoordError.damaged(path: path, detail: "it is not a goal record")
        }
        if head.v ?? 1 > BoardGoal.supportedVersion {
            throw CoordError.unsupportedFormat(path: path, found: head.v ?? 1, supported: BoardGoal.supportedVersion)
        }
        return head.goal
    }

    private struct GoalHead: Decodable {
        var goal: String
        var v: Int?
    }
}

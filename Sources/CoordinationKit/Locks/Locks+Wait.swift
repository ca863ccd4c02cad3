import CoordStorage
import FoundationEssentials

extension Locks {
    /// `acquire`, retried until `seconds` have passed while someone else holds a path.
    ///
    /// Between attempts it sleeps with exponential backoff (50 ms doubling to
    /// 2 s, with jitter so waiters spread out), wakes early when `locks.jsonl`
    /// changes (inotify: an unlock lets the next waiter in at once), and never
    /// sleeps past the moment a blocking lock's grace ends. Waiting is measured
    /// on the monotonic clock; lock expiry on the workspace clock. SIGINT or
    /// SIGTERM stop the wait with nothing locked.
    public func acquire(_ request: Request, waiting seconds: Int64, announce: Bool = true) throws -> Outcome {
        var outcome = try acquire(request, announce: announce)
        guard case .conflict = outcome, seconds > 0 else { return outcome }
        let deadline = workspace.monotonic.nanoseconds() + seconds * 1_000_000_000
        let waiter = try ChangeWaiter(watching: workspace.board)
        var backoff = 0.05
        while case .conflict(let conflicts) = outcome {
            let before = journalFingerprint()
            var pause = backoff * Double.random(in: 0.75 ... 1.25)
            let now = workspace.clock.now()
            if let free = conflicts.map({ $0.held.freeAt(grace: settings.grace).timeIntervalSince(now) }).min(), free > 0 {
                pause = min(pause, free + 0.01)
            }
            // Sleep out the pause, waking early only when the journal itself changed
            // (other waiters' attempts touch the folder too).
            let pauseEnd = workspace.monotonic.nanoseconds() + Int64(pause * 1e9)
            while true {
                let clock = workspace.monotonic.nanoseconds()
                if clock >= deadline { break }
                let wake = waiter.wait(timeoutSeconds: Double(min(pauseEnd, deadline) - clock) / 1e9)
                if case .terminated(let signal) = wake { throw CoordError.waitInterrupted(signal: signal, paths: request.paths) }
                if wake == .timedOut || journalFingerprint() != before || workspace.monotonic.nanoseconds() >= pauseEnd { break }
            }
            backoff = min(backoff * 2, 2)
            outcome = try acquire(request, announce: announce, recordRefusal: false)
            if workspace.monotonic.nanoseconds() >= deadline { break }
        }
        return outcome
    }

    /// The journal's inode and size: they change on every append and on compaction.
    private func journalFingerprint() -> [UInt64] {
        guard let status = SystemCall.status(at: workspace.board.descriptor, LockEvent.fileName) else { return [] }
        return [status.inode, UInt64(status.size)]
    }
}

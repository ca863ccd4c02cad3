import CoordStorage
import FoundationEssentials

/// `coord observe --watch`: passes in a loop, woken by board changes.
extension Observer {
    /// After a change, wait until the board has been quiet this long (or
    /// `maximumSettle` has passed) before the pass, so a burst of writes is
    /// read once.
    static let settle: Double = 0.2
    static let maximumSettle: Double = 2

    /// Runs a pass, then sleeps until the board changes or `interval` passes
    /// (time alone can make a worker stale or a lock expire), and repeats until
    /// SIGINT or SIGTERM, which end the loop between passes. Returns that signal.
    ///
    /// Idle cost: one `poll` on an inotify and a signal descriptor, no timers
    /// and no polling of files.
    public func watch(interval: Double, report: (ObserveReport) throws -> Void) throws -> Int32 {
        let waiter = try ChangeWaiter(watching: workspace.board)
        try watchSubfolders(waiter)
        while true {
            try report(try pass())
            switch waiter.wait(timeoutSeconds: interval) {
            case .terminated(let signal):
                return signal
            case .timedOut:
                continue
            case .changed:
                if let signal = settle(waiter) { return signal }
                // A new subfolder (the first worker's journal) joins the watch.
                try watchSubfolders(waiter)
            }
        }
    }

    private func settle(_ waiter: ChangeWaiter) -> Int32? {
        let start = workspace.monotonic.nanoseconds()
        while Double(workspace.monotonic.nanoseconds() - start) / 1e9 < Self.maximumSettle {
            switch waiter.wait(timeoutSeconds: Self.settle) {
            case .terminated(let signal): return signal
            case .timedOut: return nil
            case .changed: continue
            }
        }
        return nil
    }

    /// The board's subfolders that hold journals, except the observer's own
    /// (its writes must not wake it) and machine-local caches.
    private func watchSubfolders(_ waiter: ChangeWaiter) throws {
        for name in try workspace.board.listNames() where !name.hasPrefix(".") && name != ObserverFolder.name {
            guard SystemCall.status(at: workspace.board.descriptor, name)?.isDirectory == true,
                  let folder = try? workspace.board.subdirectory(name, create: false)
            else { continue }
            try waiter.watch(folder)
        }
    }
}

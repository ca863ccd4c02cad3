import Glibc

/// Waiting for a condition with a deadline, for tests that drive background
/// processes: check, and if not yet, look again a moment later, until the
/// deadline. Never a fixed sleep: the test goes on as soon as the condition holds.
public enum Eventually {
    /// True as soon as `condition` holds; false when `seconds` pass first.
    @discardableResult
    public static func wait(upTo seconds: Double = 20, _ condition: () throws -> Bool) rethrows -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let deadline = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 + seconds
        while true {
            if try condition() { return true }
            clock_gettime(CLOCK_MONOTONIC, &now)
            if Double(now.tv_sec) + Double(now.tv_nsec) / 1e9 > deadline { return false }
            usleep(10_000)
        }
    }
}

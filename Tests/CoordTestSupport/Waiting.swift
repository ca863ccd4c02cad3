import Glibc

/// Waiting for a condition another process brings about, with a deadline.
///
/// This is not a sleep to synchronise: it returns as soon as `condition` holds,
/// and the deadline only bounds how long a broken build can hang a test.
public enum Waiting {
    /// Polls `condition` every few milliseconds until it holds (true) or
    /// `seconds` pass (false).
    public static func until(seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let attempts = Int(seconds / 0.01)
        for _ in 0 ..< attempts {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }
}

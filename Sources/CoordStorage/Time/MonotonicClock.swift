/// Where coord measures elapsed time (waits, renewal intervals, time limits):
/// a clock that never jumps when the wall clock is set. Injected like
/// `BoardClock`, so a test can make a deadline pass without waiting for it.
public struct MonotonicClock: Sendable {
    private let reading: @Sendable () -> Int64

    /// `reading` returns nanoseconds from an arbitrary start; it must never decrease.
    public init(_ reading: @escaping @Sendable () -> Int64) {
        self.reading = reading
    }

    public func nanoseconds() -> Int64 { reading() }

    /// `CLOCK_MONOTONIC`.
    public static let system = MonotonicClock { SystemCall.monotonicNanoseconds() }

    /// A clock that stands still at `nanoseconds`.
    public static func fixed(_ nanoseconds: Int64) -> MonotonicClock { MonotonicClock { nanoseconds } }
}

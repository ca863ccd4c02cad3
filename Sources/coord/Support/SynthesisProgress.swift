import CoordStorage
import CoordinationKit

/// The stage `coord synthesize` is at, on one line of standard error that is
/// rewritten in place: only when standard error is a terminal, and only once
/// the report has taken more than a second, so quick reports, pipes and
/// `--json` never see it.
struct SynthesisProgress: Sendable {
    static let delayNanoseconds: Int64 = 1_000_000_000
    let clock: MonotonicClock
    let started: Int64

    /// A progress line for this process, or nil when standard error is not a terminal.
    static func terminal(_ context: CommandContext) -> SynthesisProgress? {
        guard context.isProcess, ProcessIO.isTerminal(ProcessIO.standardError) else { return nil }
        let clock = context.environment.monotonic
        return SynthesisProgress(clock: clock, started: clock.nanoseconds())
    }

    private var isLate: Bool { clock.nanoseconds() - started > Self.delayNanoseconds }

    func stage(_ text: String) {
        guard isLate else { return }
        ProcessIO.write(Array("\rcoord synthesize: \(text)…\u{1B}[K".utf8), to: ProcessIO.standardError)
    }

    /// Clears the line, if one was shown.
    func finish() {
        guard isLate else { return }
        ProcessIO.write(Array("\r\u{1B}[K".utf8), to: ProcessIO.standardError)
    }
}

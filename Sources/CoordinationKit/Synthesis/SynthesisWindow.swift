import CoordStorage
import FoundationEssentials

/// The stretch of time a report covers: one calendar day in the workspace's
/// time zone (`--date`, or today), whole days (`--week`), or from an instant
/// until a later one (`--since`, `--until`).
public struct SynthesisWindow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case day(CivilDate)
        /// Whole days, first through last.
        case days(CivilDate, CivilDate)
        case since
    }

    public var kind: Kind
    /// The first instant covered.
    public var start: Date
    /// The end: the first instant no longer covered for a day; "now", which is
    /// still covered, for a `--since` window.
    public var end: Date

    /// The whole local day `date`, from its midnight to the next (23 or 25 hours
    /// long on the days clocks change).
    public static func day(_ date: CivilDate, in zone: BoardTimeZone) -> SynthesisWindow {
        SynthesisWindow(kind: .day(date), start: zone.instant(of: date, secondsIntoDay: 0),
                        end: zone.instant(of: date.adding(days: 1), secondsIntoDay: 0))
    }

    /// The whole local days `first` through `last`.
    public static func days(_ first: CivilDate, through last: CivilDate, in zone: BoardTimeZone) -> SynthesisWindow {
        let last = max(first, last)
        return SynthesisWindow(kind: first == last ? .day(first) : .days(first, last), start: zone.instant(of: first, secondsIntoDay: 0),
                               end: zone.instant(of: last.adding(days: 1), secondsIntoDay: 0))
    }

    /// The seven days that end with `last`.
    public static func week(endingOn last: CivilDate, in zone: BoardTimeZone) -> SynthesisWindow {
        days(last.adding(days: -6), through: last, in: zone)
    }

    /// Today, in the workspace's time zone.
    public static func today(_ workspace: Workspace) -> SynthesisWindow {
        day(workspace.timeZone.local(workspace.clock.now()).date, in: workspace.timeZone)
    }

    /// From `start` until `now`, both included.
    public static func since(_ start: Date, now: Date) -> SynthesisWindow {
        SynthesisWindow(kind: .since, start: start, end: max(start, now))
    }

    public var date: CivilDate? {
        if case .day(let date) = kind { return date }
        return nil
    }

    /// True for a `--since` window, whose end ("now", or `--until`) is covered too.
    public var includesEnd: Bool {
        if case .since = kind { return true }
        return false
    }

    public func contains(_ instant: Date) -> Bool {
        instant >= start && (includesEnd ? instant <= end : instant < end)
    }

    /// The local calendar days the window touches, first to last.
    public func days(in zone: BoardTimeZone) -> ClosedRange<CivilDate> {
        if let date { return date ... date }
        if case .days(let first, let last) = kind { return first ... last }
        let first = zone.local(start).date
        let last = zone.local(end).date
        return first ... max(first, last)
    }

    /// Where the report is kept on the board, relative to `.coordination/`:
    /// `synthesis/YYYY-MM-DD.md` for a day; nil for a `--since` window, which
    /// must not overwrite the day's report with a partial one.
    public var boardFileName: String? {
        date.map { "\($0).md" }
    }
}

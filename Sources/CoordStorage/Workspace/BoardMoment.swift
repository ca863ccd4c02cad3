import FoundationEssentials

/// `--at TIME`: the moment a read command views the board at.
///
/// Viewing a board at a moment judges it by that moment's clock: ages, lock
/// expiry, STALE workers and "today" are as they were then, and bulletin
/// entries stamped after it are left out. It reads the same files; nothing
/// on the board changes.
public enum BoardMoment {
    /// An instant from `--at`: a date-time (in the board's zone unless it has
    /// an offset), a date alone (the last second of that day), or a duration
    /// back from `now`.
    public static func parse(_ text: String, now: Date, zone: BoardTimeZone) throws -> Date {
        if let seconds = DurationText.seconds(in: text) { return now.addingTimeInterval(-Double(seconds)) }
        if text.utf8.count == 10, let date = CivilDate(text) {
            return zone.instant(of: date.adding(days: 1), secondsIntoDay: 0).addingTimeInterval(-1)
        }
        if let instant = Timestamp.parse(text, in: zone) { return instant }
        throw CoordError.invalidInput(
            "--at '\(Escaping.escape(text))' is not a moment; use a date-time such as 2026-11-20T18:05, a date such as 2026-11-20, or a duration such as 3h.")
    }
}

extension Workspace {
    /// This workspace judged by a clock that reads `moment`.
    public func viewed(at moment: Date) -> Workspace {
        var viewed = Workspace(root: root, board: board, configuration: configuration, clock: .fixed(moment), monotonic: monotonic)
        viewed.viewMoment = moment
        return viewed
    }
}

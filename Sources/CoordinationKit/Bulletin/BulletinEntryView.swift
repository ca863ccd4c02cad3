import CoordStorage

/// One bulletin entry in JSON, one per line from `read --json` and `post --json`.
///
///     {"agent":"alice","by_hand":false,"date":"2026-11-21","message":"…","time":"2026-11-21T09:30:00.000Z","version":2}
///
/// `date` is the day heading the entry sits under (the board's zone); `time` is the instant in UTC.
public struct BulletinEntryView: Codable, Sendable, Equatable {
    public var time: String
    public var date: String
    public var agent: String
    public var message: String
    public var byHand: Bool

    public init(_ entry: BulletinEntry, zone: BoardTimeZone) {
        time = JSONView.instant(entry.instant(in: zone))
        date = entry.date.description
        agent = entry.agent
        message = entry.message
        byHand = entry.byHand
    }

    enum CodingKeys: String, CodingKey {
        case time, date, agent, message
        case byHand = "by_hand"
    }
}

import CoordStorage
import FoundationEssentials

/// An instant as the report shows it: local wall time with the offset,
/// `2026-11-20T08:05:00+01:00`. Encoded as that string: the one exception to
/// UTC instants in JSON output, because a decoded report re-renders its
/// Markdown in the board's zone.
public struct ReportTime: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public let text: String
    /// Seconds since 1970, for ordering and spans.
    public let epochSeconds: Int64

    public init(_ date: Date, in zone: BoardTimeZone) {
        text = Timestamp.local(date, in: zone)
        epochSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = Timestamp.parse(text, in: .utc) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time"))
        }
        self.text = text
        epochSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    /// `YYYY-MM-DD`, local.
    public var day: String { String(text.prefix(10)) }
    /// `HH:MM`, local.
    public var clock: String { String(text.dropFirst(11).prefix(5)) }

    public var description: String { text }

    public static func < (a: ReportTime, b: ReportTime) -> Bool { a.epochSeconds < b.epochSeconds }

    public static func == (a: ReportTime, b: ReportTime) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

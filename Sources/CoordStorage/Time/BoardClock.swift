import FoundationEssentials

/// Where coord gets "now". Libraries take a clock instead of reading the
/// system time, so tests control time without sleeping.
public struct BoardClock: Sendable {
    private let reading: @Sendable () -> Date

    public init(_ reading: @escaping @Sendable () -> Date) {
        self.reading = reading
    }

    public func now() -> Date { reading() }

    public static let system = BoardClock {
        Date(timeIntervalSince1970: Double(SystemCall.wallClockNanoseconds()) / 1_000_000_000)
    }

    /// A clock that always says `date`.
    public static func fixed(_ date: Date) -> BoardClock { BoardClock { date } }
}

/// Timestamps as coord writes them.
public enum Timestamp {
    /// `2026-11-21T05:04:00.123Z`: the form journals store (absolute UTC instants).
    public static func utc(_ date: Date) -> String {
        // Whole microseconds first: an instant read back from "….594Z" is a Double
        // a hair below .594, which flooring straight to milliseconds would print
        // as .593, so a lock would show two different times in two views.
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let millis = Int64((micros / 1000).rounded(.down))
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let date = CivilDate(daysSinceEpoch: days)
        guard (0 ... 9999).contains(date.year) else {
            return date.description + "T" + Digits.pad(secondOfDay / 3600, 2) + ":"
                + Digits.pad(secondOfDay % 3600 / 60, 2) + ":" + Digits.pad(secondOfDay % 60, 2) + "."
                + Digits.pad(fraction, 3) + "Z"
        }
        // The usual four-digit year: 24 bytes written in place, one allocation
        // (every record a writer appends formats two or three of these, twice).
        return String(unsafeUninitializedCapacity: 24) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var rest = value
                for position in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(date.year, 4, at: 0)
            buffer[4] = UInt8(ascii: "-")
            put(date.month, 2, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(date.day, 2, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(secondOfDay / 3600, 2, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(secondOfDay % 3600 / 60, 2, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(secondOfDay % 60, 2, at: 17)
            buffer[19] = UInt8(ascii: ".")
            put(fraction, 3, at: 20)
            buffer[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    /// `2026-11-21T16:04:00+11:00`: ISO 8601 with the zone's offset, for people and `--json`.
    public static func local(_ date: Date, in zone: BoardTimeZone) -> String {
        let parts = zone.local(date)
        return parts.date.description + "T" + parts.time.description + ":" + Digits.pad(parts.second, 2)
            + BoardTimeZone.formatOffset(parts.offset)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with an optional `Z` or `±HH:MM`.
    /// Without an offset the time is read in `zone`.
    public static func parse(_ text: String, in zone: BoardTimeZone) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10, let date = CivilDate(String(decoding: bytes[0 ..< 10], as: UTF8.self)) else { return nil }
        if bytes.count == 10 { return zone.instant(of: date, secondsIntoDay: 0) }
        guard bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes.count >= 16,
              let time = ClockTime(bytes[11 ..< 16])
        else { return nil }
        var index = 16
        var seconds = 0
        var millis = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard bytes.count >= index + 3, let s = Digits.parse(bytes[(index + 1) ..< (index + 3)]), s < 61 else { return nil }
            seconds = s
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                var end = index + 1
                while end < bytes.count, bytes[end] >= UInt8(ascii: "0"), bytes[end] <= UInt8(ascii: "9") { end += 1 }
                guard end > index + 1 else { return nil }
                let digits = Array(bytes[(index + 1) ..< min(end, index + 4)])
                millis = (Digits.parse(digits) ?? 0) * [100, 10, 1][digits.count - 1]
                index = end
            }
        }
        let secondsIntoDay = time.secondsIntoDay + seconds
        let rest = Array(bytes[index...])
        let base: Date
        if rest.isEmpty {
            base = zone.instant(of: date, secondsIntoDay: secondsIntoDay)
        } else if rest == [UInt8(ascii: "Z")] {
            base = Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + Int64(secondsIntoDay)))
        } else if let offset = BoardTimeZone.parseOffset(rest) {
            base = Date(timeIntervalSince1970: Double(date.daysSinceEpoch * 86_400 + Int64(secondsIntoDay - offset)))
        } else {
            return nil
        }
        return base.addingTimeInterval(Double(millis) / 1000)
    }
}

/// Durations on the command line: `90s`, `45m`, `2h`, `1d`, `1h30m`.
public enum DurationText {
    /// Seconds in `text`, or nil when it is not a duration.
    public static func seconds(in text: String) -> Int64? {
        var total: Int64 = 0
        var number: Int64? = nil
        var sawUnit = false
        for byte in text.utf8 {
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                number = (number ?? 0) * 10 + Int64(byte - UInt8(ascii: "0"))
                if number! > 10_000_000_000 { return nil }
                continue
            }
            guard let value = number else { return nil }
            switch byte {
            case UInt8(ascii: "s"): total += value
            case UInt8(ascii: "m"): total += value * 60
            case UInt8(ascii: "h"): total += value * 3600
            case UInt8(ascii: "d"): total += value * 86_400
            case UInt8(ascii: "w"): total += value * 7 * 86_400
            default: return nil
            }
            number = nil
            sawUnit = true
        }
        guard sawUnit, number == nil else { return nil }
        return total
    }

    /// `2h`, `1h30m`, `45s`, `3d`: the shortest readable form.
    public static func format(seconds: Int64) -> String {
        if seconds <= 0 { return "0s" }
        var parts: [String] = []
        var rest = seconds
        for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60)] where rest >= size {
            parts.append("\(rest / size)\(unit)")
            rest %= size
        }
        if rest > 0 && parts.count < 2 { parts.append("\(rest)s") }
        // Joined by hand: `joined()` costs a runtime conformance lookup that
        // every lock command printing a duration would pay.
        var text = ""
        for part in parts.prefix(2) { text += part }
        return text
    }

    /// An instant from `--since`: a duration back from `now`, or a date or date-time.
    public static func since(_ text: String, now: Date, zone: BoardTimeZone) throws -> Date {
        if let seconds = seconds(in: text) { return now.addingTimeInterval(-Double(seconds)) }
        if let date = Timestamp.parse(text, in: zone) { return date }
        throw CoordError.invalidInput(
            "'\(text)' is not a duration or a date; use a form such as 90m, 2h, 1d, 2026-11-21 or 2026-11-21T09:30.")
    }
}

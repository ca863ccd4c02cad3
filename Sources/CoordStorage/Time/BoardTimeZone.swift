import FoundationEssentials

/// The workspace's time zone: bulletin headings and `[HH:MM]` are written in it.
///
/// Stored in `board.json` as `UTC`, a fixed offset such as `+11:00`, or an IANA
/// name such as `Australia/Sydney` (read from the system's tz database).
public struct BoardTimeZone: Hashable, Sendable, CustomStringConvertible {
    package enum Rule: Hashable, Sendable {
        case fixed(seconds: Int)
        case named(String)
    }

    package let rule: Rule
    public let identifier: String
    /// A named zone's offsets, read from its TZif file when the zone is made
    /// (nil for fixed offsets, or when the file cannot be read: then UTC).
    private let zoneRules: ZoneRules?

    public static let utc = BoardTimeZone(rule: .fixed(seconds: 0), identifier: "UTC")

    package init(rule: Rule, identifier: String) {
        self.rule = rule
        self.identifier = identifier
        if case .named(let name) = rule {
            zoneRules = SystemCall.readWholeFile(Self.zoneFile(name), limit: 1 << 20).flatMap(ZoneRules.init(tzif:))
        } else {
            zoneRules = nil
        }
    }

    public static func == (lhs: BoardTimeZone, rhs: BoardTimeZone) -> Bool {
        lhs.rule == rhs.rule && lhs.identifier == rhs.identifier
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(rule)
        hasher.combine(identifier)
    }

    /// Parses `UTC`, `Z`, `+HH:MM`/`-HH:MM`, or an IANA zone name present on this system.
    public init?(identifier text: String) {
        if text == "UTC" || text == "Z" || text == "GMT" || text == "Etc/UTC" {
            self = .utc
            return
        }
        if let seconds = BoardTimeZone.parseOffset(Array(text.utf8)) {
            self.init(rule: .fixed(seconds: seconds), identifier: BoardTimeZone.formatOffset(seconds))
            return
        }
        guard BoardTimeZone.isKnownZoneName(text) else { return nil }
        self.init(rule: .named(text), identifier: text)
    }

    public var description: String { identifier }

    /// The offset from UTC, in seconds, at `date`.
    public func offset(at date: Date) -> Int {
        switch rule {
        case .fixed(let seconds): return seconds
        case .named:
            let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
            return zoneRules?.offset(at: seconds) ?? 0
        }
    }

    /// The local calendar day and minute at `date`.
    public func local(_ date: Date) -> (date: CivilDate, time: ClockTime, second: Int, offset: Int) {
        let offset = offset(at: date)
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offset)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        return (CivilDate(daysSinceEpoch: days), ClockTime(hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60),
                secondOfDay % 60, offset)
    }

    /// The instant of local wall time `date time:second` (the later offset wins in a fold).
    public func instant(of date: CivilDate, secondsIntoDay: Int) -> Date {
        let wall = date.daysSinceEpoch * 86_400 + Int64(secondsIntoDay)
        let first = offset(at: Date(timeIntervalSince1970: Double(wall)))
        let guess = wall - Int64(first)
        let second = offset(at: Date(timeIntervalSince1970: Double(guess)))
        return Date(timeIntervalSince1970: Double(wall - Int64(second)))
    }

    /// The zone of this machine: `$TZ`, else `/etc/localtime`, else UTC.
    public static func system(environment: (String) -> String?) -> BoardTimeZone {
        if let name = environment("TZ"), !name.isEmpty {
            let trimmed = name.hasPrefix(":") ? String(name.dropFirst()) : name
            if let zone = BoardTimeZone(identifier: trimmed) { return zone }
        }
        if let target = SystemCall.readLink("/etc/localtime"), let marker = target.firstRange(of: "zoneinfo/") {
            if let zone = BoardTimeZone(identifier: String(target[marker.upperBound...])) { return zone }
        }
        return .utc
    }

    // MARK: Parsing

    package static func parseOffset(_ bytes: [UInt8]) -> Int? {
        guard bytes.count == 6, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
              bytes[3] == UInt8(ascii: ":"),
              let hours = Digits.parse(bytes[1 ..< 3]), let minutes = Digits.parse(bytes[4 ..< 6]),
              hours <= 14, minutes < 60
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -seconds : seconds
    }

    package static func formatOffset(_ seconds: Int) -> String {
        if seconds == 0 { return "+00:00" }
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        return sign + Digits.pad(magnitude / 3600, 2) + ":" + Digits.pad(magnitude % 3600 / 60, 2)
    }

    package static func isKnownZoneName(_ name: String) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains(".."),
              name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return false }
        guard let status = SystemCall.status(ofPath: zoneFile(name)) else { return false }
        return status.isRegular || SystemCall.realPath(zoneFile(name)) != nil
    }

    private static func zoneFile(_ name: String) -> String {
        (SystemCall.environment("TZDIR") ?? "/usr/share/zoneinfo") + "/" + name
    }


}

/// An IANA zone's offsets, read from its TZif file (RFC 8536) in the system's
/// tz database: the transitions, then the POSIX TZ rule of the file's footer
/// for instants after the last one.
///
/// Read without glibc's `localtime_r`, which answers only for the
/// process-wide `TZ`: the library never changes the environment.
package struct ZoneRules: Sendable, Equatable {
    /// The file; transitions are read from it where a lookup needs them, so
    /// opening a zone costs one header, not the whole table.
    let bytes: [UInt8]
    /// Where the transition times, their type indexes and the types start.
    let times: Int, indexes: Int, types: Int
    let count: Int, typeCount: Int, timeSize: Int
    /// The footer's rule, for instants past the last transition.
    let rule: PosixRule?

    /// The offset from UTC, in seconds, at `seconds` since the epoch.
    package func offset(at seconds: Int64) -> Int {
        guard count > 0 else { return rule?.offset(at: seconds) ?? offset(ofType: 0) }
        if seconds >= transition(count - 1), let rule { return rule.offset(at: seconds) }
        var low = 0
        var high = count
        while low < high {  // the number of transitions at or before `seconds`
            let middle = (low + high) / 2
            if transition(middle) <= seconds { low = middle + 1 } else { high = middle }
        }
        // RFC 8536: before the first transition, type 0.
        return offset(ofType: low == 0 ? 0 : Int(bytes[indexes + low - 1]))
    }

    private func transition(_ index: Int) -> Int64 { Self.integer(bytes, at: times + index * timeSize, size: timeSize) }

    private func offset(ofType type: Int) -> Int {
        type < typeCount ? Int(Int32(truncatingIfNeeded: Self.integer(bytes, at: types + 6 * type, size: 4))) : 0
    }

    /// Reads a TZif file of version 1 to 4; nil when it is not one.
    package init?(tzif bytes: [UInt8]) {
        guard let first = Header(bytes, at: 0) else { return nil }
        var start = 44
        var timeSize = 4
        var header = first
        if first.version >= 2 {
            start = 44 + first.length(timeSize: 4) + 44
            timeSize = 8
            guard let second = Header(bytes, at: start - 44) else { return nil }
            header = second
        }
        guard header.typecnt > 0, bytes.count >= start + header.length(timeSize: timeSize) else { return nil }
        self.bytes = bytes
        (times, count, typeCount, self.timeSize) = (start, header.timecnt, header.typecnt, timeSize)
        indexes = start + header.timecnt * timeSize
        types = indexes + header.timecnt
        for index in 0 ..< header.timecnt where Int(bytes[indexes + index]) >= header.typecnt { return nil }
        let footer = start + header.length(timeSize: timeSize)
        if first.version >= 2, footer < bytes.count, bytes[footer] == 0x0A,
           let end = bytes[(footer + 1)...].firstIndex(of: 0x0A) {
            rule = PosixRule(String(decoding: bytes[(footer + 1) ..< end], as: UTF8.self))
        } else {
            rule = nil
        }
    }

    private struct Header {
        var version: Int
        var isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt: Int

        init?(_ bytes: [UInt8], at start: Int) {
            guard bytes.count >= start + 44, bytes[start] == 0x54, bytes[start + 1] == 0x5A, bytes[start + 2] == 0x69,
                  bytes[start + 3] == 0x66  // "TZif"
            else { return nil }
            version = bytes[start + 4] == 0 ? 1 : Int(bytes[start + 4]) - 0x30
            func count(_ index: Int) -> Int { Int(ZoneRules.integer(bytes, at: start + 20 + 4 * index, size: 4)) }
            (isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt) = (count(0), count(1), count(2), count(3), count(4), count(5))
        }

        func length(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    /// A big-endian two's-complement integer of `size` bytes.
    static func integer(_ bytes: [UInt8], at start: Int, size: Int) -> Int64 {
        var value: UInt64 = 0
        for index in start ..< start + size { value = value << 8 | UInt64(bytes[index]) }
        let shift = UInt64(64 - 8 * size)
        return Int64(bitPattern: value << shift) >> Int64(shift)
    }
}

/// A POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3` (standard time, and
/// daylight time between two `Mm.w.d[/time]` days), the form tz footers use.
/// `Jn` and `n` days are read too.
package struct PosixRule: Sendable, Equatable {
    /// East of UTC, in seconds (POSIX writes west as positive).
    var standard: Int
    var daylight: Int?
    var start: Day?
    var end: Day?

    enum Day: Sendable, Equatable {
        /// Month 1-12, week 1-5 (5: the last), weekday 0 (Sunday)-6.
        case month(Int, week: Int, weekday: Int, time: Int)
        /// Day 1-365, 29 February never counted.
        case julian(Int, time: Int)
        /// Day 0-365, 29 February counted.
        case zeroBased(Int, time: Int)
    }

    init?(_ text: String) {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard scanner.name(), let standardWest = scanner.offset() else { return nil }
        standard = -standardWest
        guard !scanner.atEnd else { return }
        guard scanner.name() else { return nil }
        daylight = scanner.atEnd || scanner.peek == UInt8(ascii: ",") ? standard + 3600 : scanner.offset().map { -$0 }
        guard daylight != nil, scanner.take(","), let start = scanner.day(), scanner.take(","), let end = scanner.day(),
              scanner.atEnd
        else { return nil }
        (self.start, self.end) = (start, end)
    }

    func offset(at seconds: Int64) -> Int {
        guard let daylight, let start, let end else { return standard }
        let year = CivilDate(daysSinceEpoch: Self.floorDivide(seconds + Int64(standard), 86_400)).year
        // The change to daylight time is at a standard-time wall clock; back at a daylight-time one.
        let begins = Self.instant(start, year: year) - Int64(standard)
        let ends = Self.instant(end, year: year) - Int64(daylight)
        let inDaylight = begins < ends ? (seconds >= begins && seconds < ends) : !(seconds >= ends && seconds < begins)
        return inDaylight ? daylight : standard
    }

    /// Local wall seconds since the epoch of `day` in `year`.
    static func instant(_ day: Day, year: Int) -> Int64 {
        let january = CivilDate(year: year, month: 1, day: 1).daysSinceEpoch
        switch day {
        case .month(let month, let week, let weekday, let time):
            let first = CivilDate(year: year, month: month, day: 1).daysSinceEpoch
            let firstWeekday = Int(floorModulo(first + 4, 7))  // 1970-01-01 was a Thursday
            var date = first + Int64((weekday - firstWeekday + 7) % 7) + Int64(7 * (week - 1))
            let next = month == 12 ? CivilDate(year: year + 1, month: 1, day: 1) : CivilDate(year: year, month: month + 1, day: 1)
            while date >= next.daysSinceEpoch { date -= 7 }
            return date * 86_400 + Int64(time)
        case .julian(let number, let time):
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return (january + Int64(number - 1 + (leap && number >= 60 ? 1 : 0))) * 86_400 + Int64(time)
        case .zeroBased(let number, let time):
            return (january + Int64(number)) * 86_400 + Int64(time)
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }
    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }

    private struct Scanner {
        var bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func take(_ character: Character) -> Bool {
            guard let ascii = character.asciiValue, peek == ascii else { return false }
            index += 1
            return true
        }

        /// `CET` or `<+03>`.
        mutating func name() -> Bool {
            if take("<") {
                while let byte = peek, byte != UInt8(ascii: ">") { index += 1 }
                return take(">")
            }
            let start = index
            while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "z") { index += 1 }
            return index - start >= 3
        }

        mutating func number() -> Int? {
            let start = index
            var value = 0
            while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds.
        mutating func offset() -> Int? {
            let sign = take("-") ? -1 : (take("+") ? 1 : 1)
            guard let hours = number() else { return nil }
            var seconds = hours * 3600
            if take(":") { seconds += (number() ?? 0) * 60 }
            if take(":") { seconds += number() ?? 0 }
            return sign * seconds
        }

        /// `Mm.w.d[/time]`, `Jn[/time]` or `n[/time]`.
        mutating func day() -> Day? {
            let day: Day
            if take("M") {
                guard let month = number(), take("."), let week = number(), take("."), let weekday = number(),
                      (1 ... 12).contains(month), (1 ... 5).contains(week), (0 ... 6).contains(weekday)
                else { return nil }
                day = .month(month, week: week, weekday: weekday, time: 7200)
            } else if take("J") {
                guard let number = number(), (1 ... 365).contains(number) else { return nil }
                day = .julian(number, time: 7200)
            } else {
                guard let number = number(), (0 ... 365).contains(number) else { return nil }
                day = .zeroBased(number, time: 7200)
            }
            guard take("/") else { return day }
            guard let time = offset() else { return nil }
            switch day {
            case .month(let m, let w, let d, _): return .month(m, week: w, weekday: d, time: time)
            case .julian(let n, _): return .julian(n, time: time)
            case .zeroBased(let n, _): return .zeroBased(n, time: time)
            }
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

@Suite struct CivilDateTests {
    @Test(arguments: ["2026-11-21", "2024-02-29", "2000-02-29", "1970-01-01", "0001-01-01", "9999-12-31"])
    func validDatesParseAndPrintBack(_ text: String) throws {
        let date = try #require(CivilDate(text))
        #expect(date.description == text)
        #expect(CivilDate(daysSinceEpoch: date.daysSinceEpoch) == date)
    }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-11-00", "2026-1-01",
                      "26-11-21", "2026/11/21", "2026-11-21T", " 2026-11-21", "abcd-ef-gh", ""])
    func invalidDatesAreRefused(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    @Test func daysSinceEpochMatchesKnownDaysAndCountsEveryDay() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).daysSinceEpoch == 11_017)
        #expect(CivilDate(year: 1969, month: 12, day: 31).daysSinceEpoch == -1)
        #expect(CivilDate(year: 2026, month: 11, day: 21).daysSinceEpoch == 20_778)
        // Walking day by day for ~60 years never skips or repeats a date.
        var previous = CivilDate(year: 1999, month: 12, day: 31)
        for days in 10_957 ..< 10_957 + 22_000 {
            let date = CivilDate(daysSinceEpoch: Int64(days))
            #expect(date > previous)
            #expect(date.daysSinceEpoch == Int64(days))
            #expect(previous.adding(days: 1) == date)
            previous = date
        }
    }
}

@Suite struct TimestampTests {
    @Test func utcHasMillisecondsAndAZ() {
        #expect(Timestamp.utc(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.utc(Date(timeIntervalSince1970: 1_795_251_600.123_9)) == "2026-11-21T09:00:00.123Z")
        #expect(Timestamp.utc(Date(timeIntervalSince1970: -1.5)) == "1969-12-31T23:59:58.500Z")
    }

    /// The text written in place is the text of its fields, each padded: from
    /// year 0 to 9999 and across day, month and leap-year boundaries, and
    /// outside those years too (written field by field).
    @Test func theTextIsItsFieldsPadded() {
        func fields(_ date: Date) -> String {
            let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
            let millis = Int64((micros / 1000).rounded(.down))
            let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let second = Int(seconds - days * 86_400)
            return CivilDate(daysSinceEpoch: days).description + "T" + Digits.pad(second / 3600, 2) + ":"
                + Digits.pad(second % 3600 / 60, 2) + ":" + Digits.pad(second % 60, 2) + "."
                + Digits.pad(Int(millis - seconds * 1000), 3) + "Z"
        }
        var random = SplitMix64(seed: 5)
        var instants: [Double] = [0, -0.001, 86_399.999, 951_782_400, 4_107_542_399.999, -62_167_219_200, -62_167_219_200.001,
                                  253_402_300_799.999, 253_402_300_800]
        for _ in 0 ..< 5_000 {
            instants.append(Double(random.next(below: 253_402_300_800)) - 62_167_219_200 + Double(random.next(below: 1_000_000)) / 1_000_000)
        }
        let wrong = instants.map { Date(timeIntervalSince1970: $0) }.filter { Timestamp.utc($0) != fields($0) }
        #expect(wrong.isEmpty, "\(wrong.count) instants, first \(wrong.first.map(fields) ?? "")")
        #expect(Timestamp.utc(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
        #expect(Timestamp.utc(Date(timeIntervalSince1970: 4_107_542_399.999)) == "2100-02-28T23:59:59.999Z")
    }

    /// An instant written and read back prints the same: a lock's `since` from
    /// `coord lock` (the clock's Date) and from `coord locks` (parsed from the
    /// journal) must agree to the millisecond.
    @Test func everyMillisecondSurvivesARoundTrip() throws {
        var mismatches: [String] = []
        for millis in 0 ..< 2_000 {
            let written = Timestamp.utc(Date(timeIntervalSince1970: 1_795_251_600 + Double(millis) / 1000 + 0.000_4))
            let parsed = try #require(Timestamp.parse(written, in: .utc))
            if Timestamp.utc(parsed) != written { mismatches.append(written) }
        }
        #expect(mismatches.count == 0, "\(mismatches.count) instants changed on a round trip, first \(mismatches.first ?? "")")
    }

    @Test(arguments: [
        ("2026-11-21", 1_795_219_200.0),
        ("2026-11-21T09:30", 1_795_253_400),
        ("2026-11-21 09:30", 1_795_253_400),
        ("2026-11-21T09:30:15", 1_795_253_415),
        ("2026-11-21T09:30:15.25", 1_795_253_415.25),
        ("2026-11-21T09:30:15.123456", 1_795_253_415.123),
        ("2026-11-21T09:30Z", 1_795_253_400),
        ("2026-11-21T09:30:00Z", 1_795_253_400),
        ("2026-11-21T20:30:00+11:00", 1_795_253_400),
        ("2026-11-21T04:00:00-05:30", 1_795_253_400),
    ])
    func parsesTheISOFormsInUTC(_ text: String, _ seconds: Double) throws {
        let date = try #require(Timestamp.parse(text, in: .utc))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_5)
    }

    @Test func aTimeWithoutAnOffsetIsReadInTheBoardZone() throws {
        let plusEleven = try #require(BoardTimeZone(identifier: "+11:00"))
        #expect(Timestamp.parse("2026-11-21T20:30", in: plusEleven)?.timeIntervalSince1970 == 1_795_253_400)
        #expect(Timestamp.parse("2026-11-21T20:30Z", in: plusEleven)?.timeIntervalSince1970 == 1_795_293_000)
    }

    @Test(arguments: ["", "2026-11-21T", "2026-11-21T9:30", "2026-11-21T09:30+1100", "2026-11-21T09:30:1", "2026-11-21T09:30:00.",
                      "2026-11-21T09:30 UTC", "2026-11-21T25:00", "yesterday", "2026-11-21T09:30:00+15:00"])
    func refusesWhatIsNotADateTime(_ text: String) {
        #expect(Timestamp.parse(text, in: .utc) == nil)
    }

    @Test func localCarriesTheOffset() throws {
        let sydney = try #require(BoardTimeZone(identifier: "Australia/Sydney"))
        let instant = Date(timeIntervalSince1970: 1_795_253_400)  // 2026-11-21T09:30:00Z
        #expect(Timestamp.local(instant, in: sydney) == "2026-11-21T20:30:00+11:00")
        #expect(Timestamp.local(instant, in: .utc) == "2026-11-21T09:30:00+00:00")
        #expect(Timestamp.local(instant, in: try #require(BoardTimeZone(identifier: "-03:30"))) == "2026-11-21T06:00:00-03:30")
    }
}

@Suite struct DurationTextTests {
    @Test(arguments: [("90s", 90), ("45m", 2700), ("2h", 7200), ("1d", 86_400), ("1w", 604_800), ("1h30m", 5400),
                      ("0s", 0), ("1d2h3m4s", 93_784)])
    func parsesDurations(_ text: String, _ seconds: Int64) {
        #expect(DurationText.seconds(in: text) == seconds)
    }

    @Test(arguments: ["", "h", "5", "5x", "1.5h", "-1h", "1h30", " 1h", "1H", "2026-11-21", "99999999999h"])
    func refusesNonDurations(_ text: String) {
        #expect(DurationText.seconds(in: text) == nil)
    }

    @Test(arguments: [(0, "0s"), (-5, "0s"), (59, "59s"), (90, "1m30s"), (3600, "1h"), (3661, "1h1m"), (90_000, "1d1h"),
                      (86_400 * 3, "3d")])
    func formatsTheShortestReadableForm(_ seconds: Int64, _ text: String) {
        #expect(DurationText.format(seconds: seconds) == text)
    }

    @Test func sinceTakesADurationOrADate() throws {
        let now = TestTime.morning  // 2026-11-21T09:00:00Z
        #expect(try DurationText.since("90m", now: now, zone: .utc) == now.addingTimeInterval(-5400))
        #expect(try DurationText.since("2026-11-21", now: now, zone: .utc) == TestTime.at("2026-11-21T00:00:00Z"))
        #expect(try DurationText.since("2026-11-20T22:15", now: now, zone: .utc) == TestTime.at("2026-11-20T22:15:00Z"))
        #expect(throws: CoordError.self) { try DurationText.since("last week", now: now, zone: .utc) }
        do {
            _ = try DurationText.since("soon", now: now, zone: .utc)
        } catch let error as CoordError {
            #expect(error.exitStatus == ExitStatus.usage)
            #expect(error.message.hasPrefix("'soon' is not a duration or a date;"))
        }
    }
}

@Suite struct BoardTimeZoneTests {
    static let sydney = BoardTimeZone(identifier: "Australia/Sydney")!

    @Test(arguments: [
        // Summer (AEDT, +11) and winter (AEST, +10).
        ("2026-01-15T00:00:00Z", 39_600), ("2026-07-15T00:00:00Z", 36_000),
        // Daylight saving ends 2026-04-05 03:00 AEDT, which becomes 02:00 AEST.
        ("2026-04-04T15:59:59Z", 39_600), ("2026-04-04T16:00:00Z", 36_000),
        // It starts 2026-10-04 02:00 AEST, which becomes 03:00 AEDT.
        ("2026-10-03T15:59:59Z", 36_000), ("2026-10-03T16:00:00Z", 39_600),
    ])
    func sydneyOffsetsFollowDaylightSaving(_ instant: String, _ offset: Int) {
        #expect(Self.sydney.offset(at: TestTime.at(instant)) == offset)
    }

    @Test func localDayAndMinuteAcrossTheTransitions() {
        let end = Self.sydney.local(TestTime.at("2026-04-04T16:30:00Z"))
        #expect(end.date == CivilDate(year: 2026, month: 4, day: 5))
        #expect(end.time == ClockTime(hour: 2, minute: 30))
        #expect(end.offset == 36_000)
        let start = Self.sydney.local(TestTime.at("2026-10-03T16:00:00Z"))
        #expect(start.time == ClockTime(hour: 3, minute: 0))
        // Just after midnight UTC+11 is still the previous day in UTC.
        let midnight = Self.sydney.local(TestTime.at("2026-11-21T13:00:01Z"))
        #expect(midnight.date == CivilDate(year: 2026, month: 11, day: 22))
        #expect(midnight.time == ClockTime(hour: 0, minute: 0))
        #expect(midnight.second == 1)
    }

    @Test func wallTimesMapBackToInstants() {
        let april5 = CivilDate(year: 2026, month: 4, day: 5)
        // 02:30 happens twice when clocks go back: the later one (AEST) is chosen.
        #expect(Self.sydney.instant(of: april5, secondsIntoDay: 2 * 3600 + 1800) == TestTime.at("2026-04-04T16:30:00Z"))
        // Ordinary times round-trip through local().
        for hour in [0, 1, 4, 12, 23] {
            let wall = CivilDate(year: 2026, month: 11, day: 21)
            let instant = Self.sydney.instant(of: wall, secondsIntoDay: hour * 3600)
            let back = Self.sydney.local(instant)
            #expect(back.date == wall)
            #expect(back.time == ClockTime(hour: hour, minute: 0))
        }
    }

    @Test(arguments: [("UTC", "UTC"), ("Z", "UTC"), ("GMT", "UTC"), ("Etc/UTC", "UTC"), ("+05:30", "+05:30"),
                      ("-03:00", "-03:00"), ("+00:00", "+00:00"), ("Europe/Berlin", "Europe/Berlin")])
    func identifiersParse(_ text: String, _ identifier: String) {
        #expect(BoardTimeZone(identifier: text)?.identifier == identifier)
    }

    @Test(arguments: ["", "+15:00", "+5:30", "+05:60", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime", "Europe/ Berlin"])
    func unknownZonesAreRefused(_ text: String) {
        #expect(BoardTimeZone(identifier: text) == nil)
    }

    @Test func fixedOffsetsNeverChange() throws {
        let zone = try #require(BoardTimeZone(identifier: "+05:30"))
        #expect(zone.offset(at: TestTime.at("2026-01-01T00:00:00Z")) == 19_800)
        #expect(zone.offset(at: TestTime.at("2026-07-01T00:00:00Z")) == 19_800)
        #expect(Timestamp.local(TestTime.at("2026-11-21T09:30:00Z"), in: zone) == "2026-11-21T15:00:00+05:30")
    }
}

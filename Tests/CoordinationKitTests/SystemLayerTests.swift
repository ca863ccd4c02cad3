import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Synchronization
import Testing

/// The system layer's injected clocks and its reading of the tz database.
@Suite struct SystemLayerTests {
    /// A monotonic clock that moves `step` nanoseconds on every reading, and counts them.
    final class SteppingClock: Sendable {
        let readings = Mutex<Int64>(0)
        let step: Int64
        init(step: Int64) { self.step = step }
        var clock: MonotonicClock {
            MonotonicClock { [self] in readings.withLock { $0 += 1; return $0 * step } }
        }
    }

    @Test func aLockWaitEndsWhenTheInjectedMonotonicClockPassesItsDeadline() throws {
        try TemporaryBoard.with { board in
            let alice = Locks.Request(paths: [try LockPath("src")], holder: try AgentName("alice"), intent: "work")
            guard case .granted = try Locks(try board.workspace()).acquire(alice, announce: false) else {
                Issue.record("alice was not granted a free path")
                return
            }
            // Ten minutes pass on every reading: an hour's wait is over after a few readings, not after an hour.
            let stepping = SteppingClock(step: 600 * 1_000_000_000)
            board.monotonic = stepping.clock
            let bob = Locks.Request(paths: [try LockPath("src/a.swift")], holder: try AgentName("bob"), intent: "work")
            let outcome = try Locks(try board.workspace()).acquire(bob, waiting: 3600, announce: false)
            guard case .conflict(let conflicts) = outcome else { Issue.record("bob was granted a held path"); return }
            #expect(conflicts.map(\.held.holder) == ["alice"])
            #expect(stepping.readings.withLock { $0 } <= 20, "the wait read the injected clock, not the system's")
        }
    }

    @Test func namedZonesAreReadFromTheTzDatabaseWithoutTouchingTZ() throws {
        let before = getenv("TZ").map { String(cString: $0) }
        let berlin = try #require(BoardTimeZone(identifier: "Europe/Berlin"))
        let sydney = try #require(BoardTimeZone(identifier: "Australia/Sydney"))
        let cases: [(BoardTimeZone, String, Int)] = [
            (berlin, "2026-01-15T12:00:00Z", 3600), (berlin, "2026-07-15T12:00:00Z", 7200),
            (berlin, "2026-03-29T00:59:59Z", 3600), (berlin, "2026-03-29T01:00:00Z", 7200),
            (berlin, "2026-10-25T00:59:59Z", 7200), (berlin, "2026-10-25T01:00:00Z", 3600),
            (berlin, "2090-07-01T00:00:00Z", 7200), (berlin, "2090-12-01T00:00:00Z", 3600),  // past the table: the footer rule
            (berlin, "1890-01-01T00:00:00Z", 3208),  // local mean time until 1893
            (sydney, "2026-01-15T00:00:00Z", 39600), (sydney, "2026-07-15T00:00:00Z", 36000),
            (sydney, "2095-01-15T00:00:00Z", 39600), (sydney, "2095-07-15T00:00:00Z", 36000),
        ]
        for (zone, instant, offset) in cases {
            let date = try #require(Timestamp.parse(instant, in: .utc))
            #expect(zone.offset(at: date) == offset, "\(zone) at \(instant)")
        }
        #expect(getenv("TZ").map { String(cString: $0) } == before, "reading a zone left TZ alone")
    }

    @Test(.serialized, arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo",
                      "Pacific/Chatham", "Africa/Casablanca", "America/St_Johns", "Antarctica/Troll"])
    func offsetsAgreeWithGlibcFrom1970To2100(zone name: String) throws {
        guard let zone = BoardTimeZone(identifier: name) else { return }  // not in this system's database
        // glibc, the reference, answers for the process-wide TZ: set it here, in the test process only, and put it back.
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        setenv("TZ", name, 1)
        tzset()
        var seconds: Int64 = 0
        var mismatches: [String] = []
        while seconds < 4_102_444_800 {  // 2100-01-01
            var t = time_t(seconds)
            var broken = tm()
            localtime_r(&t, &broken)
            let ours = zone.offset(at: Date(timeIntervalSince1970: Double(seconds)))
            if ours != Int(broken.tm_gmtoff) { mismatches.append("\(Timestamp.utc(Date(timeIntervalSince1970: Double(seconds)))): \(ours) != \(broken.tm_gmtoff)") }
            seconds += 86_400 * 7 + 3_607  // a week and an hour and a bit: every weekday and hour comes round
        }
        #expect(mismatches.isEmpty, "\(name): \(mismatches.prefix(5))")
    }
}

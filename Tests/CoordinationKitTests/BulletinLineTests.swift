import CoordStorage
@testable import CoordinationKit
import Testing

@Suite struct BulletinLineTests {
    static func entry(_ hour: Int, _ minute: Int, _ agent: String, _ message: String) -> BulletinLine {
        .entry(time: ClockTime(hour: hour, minute: minute), agent: agent, message: message)
    }

    static let table: [(line: String, expected: BulletinLine)] = [
        // Headings.
        ("## 2026-11-21", .heading(CivilDate(year: 2026, month: 11, day: 21))),
        ("## 2026-11-21  ", .heading(CivilDate(year: 2026, month: 11, day: 21))),
        ("## 2026-11-21\r", .heading(CivilDate(year: 2026, month: 11, day: 21))),
        ("## 2024-02-29", .heading(CivilDate(year: 2024, month: 2, day: 29))),
        ("## 2026-02-29", .invalid(reason: "a day heading without a valid YYYY-MM-DD date")),
        ("## 2026-13-01", .invalid(reason: "a day heading without a valid YYYY-MM-DD date")),
        ("## 2026-11-21 extra", .invalid(reason: "a day heading without a valid YYYY-MM-DD date")),
        ("## Summary", .note),
        ("### 2026-11-21", .note),
        ("#2026-11-21", .note),
        // Entries.
        ("- [09:30] alice: tests pass", entry(9, 30, "alice", "tests pass")),
        // Entries with their own date (a cron job's line).
        ("- [2026-11-21 03:00] nightly: backup done",
         .entry(time: ClockTime(hour: 3, minute: 0), agent: "nightly", message: "backup done",
                date: CivilDate(year: 2026, month: 11, day: 21))),
        ("- [2026-11-21 03:00] n: crlf\r",
         .entry(time: ClockTime(hour: 3, minute: 0), agent: "n", message: "crlf", date: CivilDate(year: 2026, month: 11, day: 21))),
        ("- [2026-02-30 03:00] n: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [2026-11-21T03:00] n: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [2026-11-21 3:00] n: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [00:00] a: ", entry(0, 0, "a", "")),
        ("- [23:59] a:no space", entry(23, 59, "a", "no space")),
        ("- [09:30] a:  two spaces", entry(9, 30, "a", " two spaces")),
        ("- [09:30] a: crlf\r", entry(9, 30, "a", "crlf")),
        ("- [09:30] gastown/polecat: PR #31", entry(9, 30, "gastown/polecat", "PR #31")),
        ("- [09:30] two words: ok", entry(9, 30, "two words", "ok")),
        ("- [09:30] a: b: c", entry(9, 30, "a", "b: c")),
        ("- [09:30] a: x\\ny", entry(9, 30, "a", "x\ny")),
        ("- [09:30] a: - [03:00] b: inner", entry(9, 30, "a", "- [03:00] b: inner")),
        // The separator is a byte: a combining mark after it stays in the message.
        ("- [09:30] a: \u{301}accent first", entry(9, 30, "a", "\u{301}accent first")),
        ("- [09:30] \u{301}x: combining agent", entry(9, 30, "\u{301}x", "combining agent")),
        ("- [09:30]  \u{301}x: spaced agent", .invalid(reason: "an entry with an invalid agent name")),
        ("- [9:30] a: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [24:00] a: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [09:60] a: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [09:30]a: x", .invalid(reason: "an entry without a valid [HH:MM] time")),
        ("- [09:30] no colon here", .invalid(reason: "an entry without 'agent:'")),
        ("- [09:30] : empty agent", .invalid(reason: "an entry without 'agent:'")),
        ("- [09:30] [x: bracket", .invalid(reason: "an entry with an invalid agent name")),
        ("- [09:30]  a: padded", .invalid(reason: "an entry with an invalid agent name")),
        ("-bad", .invalid(reason: "a list line that is not an entry")),
        ("- plain list item", .note),
        // Everything else is prose.
        ("", .note),
        ("# Bulletin", .note),
        ("<!-- comment -->", .note),
        ("Some prose: with a colon", .note),
        ("  - [09:30] indented: not an entry", .note),
    ]

    @Test func grammarTable() {
        for (line, expected) in Self.table {
            #expect(BulletinLine.parse(Array(line.utf8)[...]) == expected, "\(line.debugDescription)")
        }
    }

    @Test(arguments: [
        Array("- [09:30] a: nul \u{0} inside".utf8), Array("prose \u{0}".utf8), [0, 0, 0, 0],
        Array("## 2026-11-21\u{0}".utf8),
    ])
    func nulBytesMakeALineInvalid(_ bytes: [UInt8]) {
        guard case .invalid = BulletinLine.parse(bytes[...]) else {
            Issue.record("\(bytes) was accepted")
            return
        }
    }

    @Test(arguments: [[0xFF, 0xFE, 0x20, 0x61], Array("- [09:30] a: ".utf8) + [0xC3, 0x28], Array("- [09:30] ".utf8) + [0xFF] + Array(": x".utf8)])
    func invalidUTF8MakesALineInvalid(_ bytes: [UInt8]) {
        #expect(BulletinLine.parse(bytes[...]) == .invalid(reason: "is not valid UTF-8"))
    }

    /// coord's mark is taken off exactly once, wherever mark-like text sits in
    /// the message, so every message reads back as posted, keyed or not.
    @Test(arguments: ["plain", "ends in <!-- coord -->", "ends in <!-- coord key=x -->", " <!-- coord", "-->", "a <!-- coord  -->",
                      "<!-- coord --> <!-- coord key=y -->", "x <!-- coord key=bad key -->", ""])
    func theMarkComesOffExactlyOnce(_ message: String) throws {
        for key in [nil, try IdempotencyKey("k-1")] {
            let line = BulletinLine.format(time: ClockTime(hour: 7, minute: 5), agent: try AgentName("ci"),
                                           escapedMessage: Escaping.escape(message), key: key)
            let bytes = Array(line.utf8)
            guard case .entry(_, _, let read, _) = BulletinLine.parse(bytes[...]) else {
                Issue.record("\(line) is not an entry")
                continue
            }
            #expect(read == message)
            #expect(BulletinLine.entryMark(bytes[...])?.key == key.map { Substring($0.rawValue) })
            #expect(BulletinLine.startsMarking(bytes[...]))
        }
        // A line without coord's own mark is someone else's.
        let hand = Array("- [07:05] cron: plain".utf8)
        #expect(BulletinLine.entryMark(hand[...]) == nil)
    }

    @Test func formattingMatchesTheGrammar() throws {
        let line = BulletinLine.format(time: ClockTime(hour: 7, minute: 5), agent: try AgentName("ci"), escapedMessage: "done")
        #expect(line == "- [07:05] ci: done <!-- coord -->")
        let keyed = BulletinLine.format(time: ClockTime(hour: 7, minute: 5), agent: try AgentName("ci"), escapedMessage: "done",
                                        key: try IdempotencyKey("build-42"))
        #expect(keyed == "- [07:05] ci: done <!-- coord key=build-42 -->")
        #expect(BulletinLine.heading(CivilDate(year: 2026, month: 1, day: 2)) == "## 2026-01-02")
    }
}

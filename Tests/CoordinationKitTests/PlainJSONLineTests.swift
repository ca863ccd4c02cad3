import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// The task and lock records written without `JSONEncoder` are byte for byte
/// the lines `JSONEncoder` writes (so record ids, derived from those bytes, do
/// not change either), for plain strings and for strings that need escaping.
@Suite struct PlainJSONLineTests {
    static let texts = ["", "alice", "src/a.swift", "T-001", "with space", "quote \" inside", "back\\slash", "tab\there",
                        "naïve – ünïcode", "line\nbreak", "\u{7F}del", "emoji 🚀", "a/b/c/", "{\"json\":1}"]

    static func text(_ random: inout SeededRandom) -> String { texts[Int.random(in: 0 ..< texts.count, using: &random)] }
    static func instant(_ random: inout SeededRandom) -> Date {
        Date(timeIntervalSince1970: 1_795_251_600 + Double(Int.random(in: -100_000_000 ... 100_000_000, using: &random)) / 997)
    }

    @Test func taskRecordsAreTheLinesJSONEncoderWrites() throws {
        var random = SeededRandom(seed: 15)
        let kinds: [TaskEvent.Kind] = [.add, .claim, .renew, .release, .done, .block, .cancel, .link, TaskEvent.Kind(rawValue: "newer")]
        for _ in 0 ..< 400 {
            var event = TaskEvent(id: Self.text(&random), event: kinds[Int.random(in: 0 ..< kinds.count, using: &random)],
                                  at: Self.instant(&random), task: Self.text(&random), actor: Self.text(&random))
            event.title = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.body = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.after = (Bool.random(using: &random) ? (0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in Self.text(&random) } : nil)
            event.priority = (Bool.random(using: &random) ? Int.random(in: -3 ... 3, using: &random) : nil)
            event.due = (Bool.random(using: &random) ? Self.instant(&random) : nil)
            event.paths = (Bool.random(using: &random) ? [Self.text(&random)] : nil)
            event.domain = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.tags = (Bool.random(using: &random) ? [Self.text(&random), Self.text(&random)] : nil)
            event.token = (Bool.random(using: &random) ? Int64.random(in: -5 ... Int64.max, using: &random) : nil)
            event.expires = (Bool.random(using: &random) ? Self.instant(&random) : nil)
            event.ttl = (Bool.random(using: &random) ? Int64.random(in: 0 ... 100_000, using: &random) : nil)
            event.locked = (Bool.random(using: &random) ? Bool.random(using: &random) : nil)
            event.note = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.reason = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.key = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.process = (Bool.random(using: &random) ? HolderProcess(host: Self.text(&random), pid: Int32.random(in: .min ... .max, using: &random),
                                                              started: UInt64.random(in: 0 ... .max, using: &random)) : nil)
            let expected = try BoardJSON.line(event)
            #expect(try event.journalLine() == expected, "\(String(decoding: expected, as: UTF8.self))")
            #expect(try TaskJournal.lines([Stored(value: event, version: TaskEvent.formatVersion)]) == expected + [LineScanner.newline])
        }
    }

    @Test func lockRecordsAreTheLinesJSONEncoderWrites() throws {
        var random = SeededRandom(seed: 16)
        let kinds: [LockEvent.Kind] = [.acquire, .renew, .release, .fence, .refuse, .`break`, .checkpoint]
        let paths = try ["src/", "src/a.swift", "docs", "a b/c"].map { try LockPath($0) }
        for _ in 0 ..< 400 {
            var event = LockEvent(id: Self.text(&random), event: kinds[Int.random(in: 0 ..< kinds.count, using: &random)],
                                  at: Self.instant(&random), token: Int64.random(in: 0 ... Int64.max, using: &random),
                                  path: (Bool.random(using: &random) ? paths[Int.random(in: 0 ..< paths.count, using: &random)] : nil),
                                  holder: (Bool.random(using: &random) ? Self.text(&random) : nil), expires: (Bool.random(using: &random) ? Self.instant(&random) : nil),
                                  ttl: (Bool.random(using: &random) ? Int64.random(in: 0 ... 100_000, using: &random) : nil),
                                  intent: (Bool.random(using: &random) ? Self.text(&random) : nil), by: (Bool.random(using: &random) ? Self.text(&random) : nil),
                                  reason: (Bool.random(using: &random) ? Self.text(&random) : nil), archive: (Bool.random(using: &random) ? Self.text(&random) : nil),
                                  archived: (Bool.random(using: &random) ? Int.random(in: 0 ... 1000, using: &random) : nil))
            event.key = (Bool.random(using: &random) ? Self.text(&random) : nil)
            event.process = (Bool.random(using: &random) ? HolderProcess(host: Self.text(&random), pid: Int32.random(in: .min ... .max, using: &random),
                                                              started: UInt64.random(in: 0 ... .max, using: &random)) : nil)
            let expected = try BoardJSON.line(event)
            #expect(try event.journalLine() == expected, "\(String(decoding: expected, as: UTF8.self))")
        }
    }
}

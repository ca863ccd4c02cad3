@testable import CoordStorage
import CoordTestSupport
import Glibc
import Testing
@testable import CoordinationKit

/// Derived state never changes an answer: whatever happens to the caches in
/// `.state/`, every read command prints what it prints on the same board with
/// no caches at all.
@Suite struct CacheCorruptionTests {
    static let now = "2026-11-21T16:00:00Z"
    static let days = ["2026-11-19", "2026-11-20", "2026-11-21"]
    static let reads: [[String]] = [
        ["read", "--json", "--limit", "0"],
        ["read", "--json", "--limit", "0", "--date", "2026-11-19"],
        ["read", "--json", "--limit", "0", "--date", "2026-11-20"],
        ["read", "--json", "--limit", "0", "--date", "2026-11-21"],
        ["read", "--json", "--limit", "0", "--since", "2026-11-20T12:00:00Z"],
        ["read", "--json", "--limit", "0", "--agent", "b"],
        ["status", "--json"],
        ["check", "--json", "src/a.swift", "docs"],
    ]

    func coord(_ arguments: [String], in root: String, as agent: String = "a", at now: String = now) throws -> ProcessResult {
        try CoordBinary.run(arguments, in: root, environment: ["COORD_AGENT": agent, "COORD_NOW": now])
    }

    /// Three days of posts by two agents, and a worker with a blocker.
    func makeBoard() throws -> TemporaryBoard {
        let board = try TemporaryBoard()
        #expect(try coord(["launch", "--workers", "1", "--domains", "api", "--goal", "Ship"], in: board.root,
                          at: "2026-11-19T08:00:00Z").status == 0)
        for day in Self.days {
            for (hour, agent) in [("09", "a"), ("13", "b"), ("15", "a")] {
                #expect(try coord(["post", "\(agent) on \(day) at \(hour)"], in: board.root, as: agent,
                                  at: "\(day)T\(hour):00:00Z").status == 0)
            }
        }
        #expect(try coord(["worker", "update", "--blocker", "need keys"], in: board.root, as: "worker-1-api",
                          at: "2026-11-21T10:00:00Z").status == 0)
        #expect(try coord(["lock", "src/", "--intent", "refactor", "--ttl", "8h"], in: board.root,
                          at: "2026-11-21T11:00:00Z").status == 0)
        return board
    }

    /// What every read prints with `.state/` removed before each one.
    func answersWithoutCaches(_ board: TemporaryBoard) throws -> [String] {
        try Self.reads.map { arguments in
            _ = try Subprocess.run(["/bin/rm", "-rf", board.path(".state")])
            let result = try coord(arguments, in: board.root)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            return result.standardOutput
        }
    }

    /// Each read, with `file` set to `bytes` just before it.
    func answers(_ board: TemporaryBoard, with file: String, _ bytes: [UInt8]) throws -> [String] {
        try Self.reads.map { arguments in
            FileBytes.write(board.path(".state/" + file), bytes)
            return try coord(arguments, in: board.root).standardOutput
        }
    }

    /// The example: one day's offset pointed into the previous day,
    /// in an index whose checksum is valid.
    @Test func aDayOffsetPointingIntoThePreviousDayChangesNothing() throws {
        let board = try makeBoard()
        let expected = try answersWithoutCaches(board)
        _ = try coord(["post", "index me"], in: board.root)
        let saved = try #require(FileBytes.read(board.path(".state/bulletin.idx")))
        var index = try #require(BulletinIndex.decode(saved))
        try #require(index.days.count == 3)
        index.days[1].offset = index.days[0].offset + 20
        let forged = index.encoded()
        let answers = try answers(board, with: "bulletin.idx", forged)
        // The post above is on the board now, so compare with its answers too.
        let fresh = try answersWithoutCaches(board)
        #expect(answers == fresh)
        #expect(fresh[2].contains("a on 2026-11-20 at 09") && fresh[3].contains("index me"))
        #expect(expected[0] != fresh[0])
    }

    /// Random damage to every cache file, and forged bulletin indexes whose
    /// checksum is valid but whose headings are not where they say.
    @Test func randomlyDamagedCachesGiveTheAnswersOfABoardWithoutCaches() throws {
        let board = try makeBoard()
        // The caches the writes and a status left (reads do not write them), kept before they are removed.
        _ = try coord(["status", "--json"], in: board.root)
        let pristine = ["bulletin.idx", "workers.idx", "locks.idx", "board.idx"].compactMap { name in
            FileBytes.read(board.path(".state/" + name)).map { (name, $0) }
        }
        for name in ["bulletin.idx", "locks.idx", "board.idx"] { #expect(pristine.contains { $0.0 == name }, "\(name)") }
        let expected = try answersWithoutCaches(board)
        _ = try Subprocess.run(["/bin/mkdir", "-p", board.path(".state")])
        var random = SeededRandom(seed: 2020)
        // Every kind of damage, at least once, to every cache.
        for round in 0 ..< 12 * pristine.count {
            let (name, original) = pristine[round % pristine.count]
            let damaged = Self.damage(name, original, round: round, using: &random)
            let answers = try answers(board, with: name, damaged)
            for (i, answer) in answers.enumerated() {
                #expect(answer == expected[i], "round \(round), \(name) \(Self.reads[i]): \(String(decoding: damaged, as: UTF8.self))")
            }
        }
    }

    static func damage(_ name: String, _ bytes: [UInt8], round: Int, using random: inout SeededRandom) -> [UInt8] {
        var damaged = bytes
        switch (round / 4) % 6 {
        case 0:  // flip bytes
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) {
                damaged[Int.random(in: 0 ..< damaged.count, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
            }
        case 1:  // cut short
            damaged = Array(damaged.prefix(Int.random(in: 0 ..< damaged.count, using: &random)))
        case 2:  // a line lost or repeated
            var lines = damaged.split(separator: LineScanner.newline, omittingEmptySubsequences: false).map(Array.init)
            let i = Int.random(in: 0 ..< max(1, lines.count - 1), using: &random)
            if Bool.random(using: &random) { lines.remove(at: i) } else { lines.insert(lines[i], at: i) }
            damaged = Array(lines.joined(separator: [LineScanner.newline]))
        case 3:  // garbage appended
            damaged += (0 ..< Int.random(in: 1 ... 64, using: &random)).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
        default:  // forged, with a valid checksum
            guard name == "bulletin.idx", var index = BulletinIndex.decode(bytes), !index.days.isEmpty else {
                damaged = Array("not a cache\n".utf8)
                break
            }
            let i = Int.random(in: 0 ..< index.days.count, using: &random)
            if Bool.random(using: &random) {
                index.days[i].offset = Int64.random(in: 0 ..< index.covered, using: &random)
            } else {
                index.days[i].date = CivilDate(year: 2026, month: 10, day: Int.random(in: 1 ... 28, using: &random))
            }
            index.days.sort { $0.offset < $1.offset }
            damaged = index.encoded()
        }
        return damaged
    }
}

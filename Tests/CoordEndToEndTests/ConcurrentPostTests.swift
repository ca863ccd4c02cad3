import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Many real `coord post` processes writing one bulletin at once.
@Suite struct ConcurrentPostTests {
    /// Messages built to break a naive line format: each one tries to end the
    /// line early, forge another agent's entry, start a heading, or confuse
    /// the escaping itself.
    static let hostile: [String] = [
        "line one\nline two",
        "carriage\rreturn and \r\n crlf",
        "\u{1B}[31mred\u{1B}[0m escape \u{1B}]0;title\u{07}",
        "separators \u{2028} line \u{2029} paragraph \u{85} next-line",
        "# looks like a title",
        "## 2026-01-01",
        "- [03:00] other: forged entry",
        "x\n- [03:00] other: forged on a line of its own\n## 2026-01-02",
        "back\\slash \\n \\u{41} \\\\ \\u{1B} literal",
        "controls \u{01}\u{02}\u{08}\u{0B}\u{0C}\u{1F}\u{7F}\u{9F}",
        "tab\there\tand there",
        "  spaces around  ",
        "unicode café 日本語 🚀 e\u{301} ﬁ",
        "bidi \u{202E}reversed\u{202C} \u{2066}isolate\u{2069} bom\u{FEFF}",
        "ends in a backslash \\",
        "]: [ : ] agent-like: text",
    ]

    /// 32 writers start together and each runs `coord post` 50 times: every
    /// post races up to 31 others for the lock and the end of the file. More
    /// posts per writer would add time, not contention: the race is between
    /// the 32 writers, and the debug build a fresh clone tests starts slower.
    @Test func thirtyTwoWritersTimesFiftyPostsReadBackIntact() throws {
        let processes = 32
        let postsEach = 50
        let board = try TemporaryBoard()
        let environment = ["COORD_NOW": "2026-11-21T09:30:00Z"]
        // Each writer is a shell loop running the binary once per post, all started together.
        let loop = #"i=0; while [ "$i" -lt "$4" ]; do i=$((i+1)); "$0" post --as "$1" -- "$2$i$3" || exit 1; done"#
        var writers: [(agent: String, prefix: String, suffix: String)] = []
        for p in 0 ..< processes {
            let fragment = Self.hostile[p % Self.hostile.count]
            // Half the writers put the hostile text first, half last (so it also ends the message).
            writers.append(p % 2 == 0
                ? (agent: "writer-\(p)", prefix: fragment + " [p\(p)#", suffix: "]")
                : (agent: "writer/\(p)", prefix: "[p\(p)#", suffix: "] " + fragment))
        }
        let binary = CoordBinary.fastest
        let running = try writers.map { writer in
            try Subprocess.start(["/bin/sh", "-c", loop, binary, writer.agent, writer.prefix, writer.suffix, "\(postsEach)"],
                                 environment: environment, directory: board.root)
        }
        for (writer, result) in zip(writers, running.map { $0.wait() }) {
            #expect(result.status == 0, "\(writer.agent): \(result.standardError)")
            #expect(result.standardError.isEmpty, "\(writer.agent): \(result.standardError)")
        }

        let read = try Subprocess.run([binary, "read", "--json", "--limit", "0"], environment: environment, directory: board.root)
        #expect(read.status == 0, "\(read.standardError)")
        let entries = try JSONLines.objects(read.standardOutput)

        // The whole multiset, byte for byte: nothing lost, nothing duplicated, nothing altered.
        func key(_ agent: String, _ message: String) -> [UInt8] { Array(agent.utf8) + [0] + Array(message.utf8) }
        let expected = writers.flatMap { w in (1 ... postsEach).map { key(w.agent, w.prefix + "\($0)" + w.suffix) } }
        let actual = entries.map { key($0.string("agent") ?? "?", $0.string("message") ?? "?") }
        #expect(actual.count == processes * postsEach)
        #expect(Set(actual).count == actual.count, "some entries were read twice")
        let missing = Set(expected).subtracting(actual)
        let unexpected = Set(actual).subtracting(expected)
        #expect(missing.isEmpty, "\(missing.count) posts missing, e.g. \(missing.prefix(3).map { String(decoding: $0, as: UTF8.self) })")
        #expect(unexpected.isEmpty, "\(unexpected.count) entries nobody posted, e.g. \(unexpected.prefix(3).map { String(decoding: $0, as: UTF8.self) })")

        // Each writer posted sequentially, so its entries appear in its own order.
        for writer in writers {
            let mine = entries.filter { $0.string("agent") == writer.agent }.compactMap { $0.string("message") }
            #expect(mine.map { Array($0.utf8) } == (1 ... postsEach).map { Array((writer.prefix + "\($0)" + writer.suffix).utf8) },
                    "\(writer.agent)'s entries are out of order")
        }
        #expect(entries.allSatisfy { $0.string("time") == "2026-11-21T09:30:00.000Z" && $0.bool("by_hand") == false })

        // One heading for the day, one line per post, and a clean bill of health.
        let lines = (board.contents("BULLETIN.md") ?? "").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("## ") } == ["## 2026-11-21"])
        #expect(lines.filter { $0.hasPrefix("- [") }.count == processes * postsEach)
        let doctor = try Subprocess.run([binary, "doctor"], environment: environment, directory: board.root)
        #expect(doctor.status == 0, "\(doctor.standardOutput)")
    }

    @Test func writersRacingPastMidnightWriteOneHeading() throws {
        let sydney = try #require(BoardTimeZone(identifier: "Australia/Sydney"))
        let board = try TemporaryBoard(timeZone: sydney)
        let binary = CoordBinary.fastest
        // 23:58 on the 21st in Sydney (UTC+11 in November), then 00:00:01 on the 22nd.
        let evening = try Subprocess.run([binary, "post", "--as", "late", "last of the day"],
                                         environment: ["COORD_NOW": "2026-11-21T12:58:00Z"], directory: board.root)
        #expect(evening.status == 0, "\(evening.standardError)")
        let afterMidnight = ["COORD_NOW": "2026-11-21T13:00:01Z"]
        let loop = #"i=0; while [ "$i" -lt 5 ]; do i=$((i+1)); "$0" post --as "$1" -- "early $i" || exit 1; done"#
        let running = try (0 ..< 32).map { p in
            try Subprocess.start(["/bin/sh", "-c", loop, binary, "night-\(p)"], environment: afterMidnight, directory: board.root)
        }
        for result in running.map({ $0.wait() }) { #expect(result.status == 0, "\(result.standardError)") }

        let headings = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings == ["## 2026-11-21", "## 2026-11-22"])
        let read = try Subprocess.run([binary, "read", "--json", "--limit", "0", "--date", "2026-11-22"],
                                      environment: afterMidnight, directory: board.root)
        let entries = try JSONLines.objects(read.standardOutput)
        #expect(entries.count == 32 * 5)
        #expect(entries.allSatisfy { $0.string("time") == "2026-11-21T13:00:00.000Z" && $0.string("date") == "2026-11-22" })
        let yesterday = try Subprocess.run([binary, "read", "--json", "--date", "2026-11-21"], environment: afterMidnight,
                                           directory: board.root)
        #expect(try JSONLines.objects(yesterday.standardOutput).map { $0.string("message") } == ["last of the day"])
    }
}

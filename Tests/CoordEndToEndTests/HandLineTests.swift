import CoordinationKit
import CoordTestSupport
import Testing

/// Lines appended by hand (cron jobs, editors) are first-class whatever the hour.
@Suite struct HandLineTests {
    let evening = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-20T22:10:00Z"]
    let morning = ["COORD_AGENT": "bob", "COORD_NOW": "2026-11-21T09:00:00Z"]

    func messages(_ arguments: [String], _ board: TemporaryBoard, at env: [String: String]) throws -> [String] {
        let result = try CoordBinary.run(["read", "--json", "--limit", "0"] + arguments, in: board.root, environment: env)
        #expect(result.status == 0, "\(result.standardError)")
        return try JSONLines.objects(result.standardOutput).compactMap { o in
            o.string("message").map { "\(o.string("time") ?? "?") \($0)" }
        }
    }

    @Test func aCronLineBeforeTheFirstPostOfTheDayHidesNothing() throws {
        let board = try TemporaryBoard()
        #expect(try CoordBinary.run(["post", "late work"], in: board.root, environment: evening).status == 0)
        // 03:00 on the 21st, before anyone posted that day: it lands under the 20th's heading.
        board.appendRaw("BULLETIN.md", Array("- [03:00] nightly: undated backup\n".utf8))
        board.appendRaw("BULLETIN.md", Array("- [2026-11-21 03:05] nightly: dated backup\n".utf8))
        #expect(try CoordBinary.run(["post", "good morning"], in: board.root, environment: morning).status == 0)
        #expect(try CoordBinary.run(["post", "standup"], in: board.root, environment: morning).status == 0)

        // The time running backwards under the 20th's heading hides nothing after it.
        #expect(try messages(["--since", "1h"], board, at: morning)
            == ["2026-11-21T09:00:00.000Z good morning", "2026-11-21T09:00:00.000Z standup"])
        // The dated line belongs to its own day, wherever it sits.
        #expect(try messages(["--since", "8h"], board, at: morning)
            == ["2026-11-21T03:05:00.000Z dated backup", "2026-11-21T09:00:00.000Z good morning",
                "2026-11-21T09:00:00.000Z standup"])
        #expect(try messages(["--date", "2026-11-21"], board, at: morning)
            == ["2026-11-21T03:05:00.000Z dated backup", "2026-11-21T09:00:00.000Z good morning",
                "2026-11-21T09:00:00.000Z standup"])
        // The undated one is read as the heading above it says.
        #expect(try messages(["--date", "2026-11-20"], board, at: morning)
            == ["2026-11-20T22:10:00.000Z late work", "2026-11-20T03:00:00.000Z undated backup"])
        // A dated line is valid grammar: doctor finds nothing to skip.
        let doctor = try CoordBinary.run(["doctor"], in: board.root, environment: morning)
        #expect(doctor.status == 0, "\(doctor.standardOutput)")
    }

    @Test func aLineWithoutItsNewlineWaitsAndACRLFLineReadsClean() throws {
        let board = try TemporaryBoard()
        #expect(try CoordBinary.run(["post", "first"], in: board.root, environment: morning).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [2026-11-21 09:01] editor: saved with CRLF\r\n".utf8))
        board.appendRaw("BULLETIN.md", Array("- [2026-11-21 09:02] cron: still being written".utf8))
        #expect(try messages(["--since", "1h"], board, at: morning)
            == ["2026-11-21T09:00:00.000Z first", "2026-11-21T09:01:00.000Z saved with CRLF"])
        board.appendRaw("BULLETIN.md", Array(" (done)\n".utf8))
        #expect(try messages(["--since", "1h"], board, at: morning).last == "2026-11-21T09:02:00.000Z still being written (done)")
    }

    @Test func theDocumentedCronRecipeWritesTodaysDate() throws {
        // docs/format.md and the README give this line for a cron job on a UTC board.
        let board = try TemporaryBoard()
        let recipe = #"echo "- [$(TZ=UTC date '+%Y-%m-%d %H:%M')] nightly: backup done" >> .coordination/BULLETIN.md"#
        let before = try Subprocess.run(["/bin/date", "-u", "+%F"]).standardOutput
        #expect(try Subprocess.run(["/bin/sh", "-c", recipe], directory: board.root).status == 0)
        let after = try Subprocess.run(["/bin/date", "-u", "+%F"]).standardOutput
        let read = try CoordBinary.run(["read", "--json", "--since", "1h"], in: board.root, environment: ["COORD_AGENT": "a"])
        let entries = try JSONLines.objects(read.standardOutput)
        #expect(entries.count == 1, "\(read.standardOutput)")
        let date = entries.first?.string("date") ?? "?"
        #expect([before, after].map { $0.trimmingSpaces() }.contains(date))
        #expect(entries.first?.string("agent") == "nightly")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}

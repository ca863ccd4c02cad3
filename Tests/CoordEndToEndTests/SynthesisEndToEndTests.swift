import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// A board scripted through the built binary, with the clock pinned per step.
struct ScriptedBoard {
    let board: TemporaryBoard
    /// Local times are `+01:00`, so the report shows wall times that differ from UTC.
    static let zone = "+01:00"

    init() throws {
        board = try TemporaryBoard(initialise: false)
        let made = try CoordBinary.run(["init", "--timezone", Self.zone], in: board.root,
                                       environment: ["COORD_NOW": "2026-11-20T06:00:00Z"])
        #expect(made.status == 0, "\(made.standardError)")
    }

    /// Runs `coord ARGS` as `agent` at local time `time` (`YYYY-MM-DDTHH:MM`).
    @discardableResult
    func run(_ time: String, _ agent: String, _ arguments: [String]) throws -> ProcessResult {
        let result = try CoordBinary.run(arguments, in: board.root,
                                         environment: ["COORD_AGENT": agent, "COORD_NOW": time + ":00" + Self.zone])
        #expect(result.status == 0, "coord \(arguments) failed: \(result.standardError)")
        return result
    }

    func post(_ time: String, _ agent: String, _ message: String) throws {
        try run(time, agent, ["post", message])
    }

    /// Appends a raw line the way a cron job's `echo >>` does.
    func appendByHand(_ line: String) {
        board.appendRaw("BULLETIN.md", Array(line.utf8))
    }

    /// `coord synthesize ARGS` at local time `now`.
    func synthesize(_ arguments: [String], now: String) throws -> ProcessResult {
        try CoordBinary.run(["synthesize"] + arguments, in: board.root,
                            environment: ["COORD_AGENT": "observer", "COORD_NOW": now + ":00" + Self.zone])
    }
}

extension ScriptedBoard {
    /// A day of bulletin traffic: every kind of entry, routine noise, lines by
    /// hand, a torn line and a garbage line, and entries on the days around it.
    static func bulletinDay() throws -> ScriptedBoard {
        let s = try ScriptedBoard()
        try s.post("2026-11-19T23:50", "late-night", "Finished the migration dry run")
        try s.post("2026-11-20T08:05", "main-session", "Starting the day: auth feature, release prep")
        try s.post("2026-11-20T08:12", "dream-cycle", "Reviewed designs; wrote multi-agent-coordination notes")
        s.appendByHand("- [08:30] nightly: backup done (412 MB)\n")
        try s.post("2026-11-20T08:41", "gastown-polecat", "Completed bead mm-slx (remove SQLite/ChromaDB) -> PR #31")
        try s.post("2026-11-20T09:00", "watcher", "heartbeat")
        try s.post("2026-11-20T09:15", "watcher", "heartbeat")
        try s.post("2026-11-20T09:20", "backend", "BLOCKER: waiting on the API schema from infra")
        try s.post("2026-11-20T09:21", "backend", "BLOCKER: waiting on the API schema from infra")
        try s.post("2026-11-20T09:40", "infra", "renewed lease on infra/ until 11:40")
        try s.post("2026-11-20T10:02", "main-session", "decided ADR-001: FalkorDB + CQRS write pattern")
        try s.post("2026-11-20T10:30", "observer", "intervention: backend blocked for 70m on infra")
        s.appendByHand("- [25:00] cron: a time that does not exist\n")
        s.appendByHand("- [10:4")  // torn: the next writer starts a fresh line after it
        try s.post("2026-11-20T11:00", "backend", "unblocked: schema landed")
        try s.post("2026-11-20T11:05", "backend", "Handoff to frontend: API ready, see docs/api.md")
        try s.post("2026-11-20T11:05", "backend", "multi-line\nmessage with a | pipe")
        s.appendByHand("- [23:59] nightly: rotate logs done\n")
        try s.post("2026-11-21T00:05", "main-session", "Starting day two")
        return s
    }
}

@Suite struct SynthesisEndToEndTests {
    @Test func aBulletinDayMatchesItsGoldenReport() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(GoldenFile.mismatch(result.standardOutput, name: "synthesis/bulletin-day.md") == nil)
        // The same report is kept on the board.
        #expect(s.board.contents("synthesis/2026-11-20.md") == result.standardOutput)
    }

    @Test func jsonCarriesTheSameContent() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(GoldenFile.mismatch(result.standardOutput, name: "synthesis/bulletin-day.json") == nil)
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.v == 2)
        // The Markdown is a rendering of exactly this model.
        let markdown = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(SynthesisMarkdown.render(report) == markdown.standardOutput)
    }

    @Test func theSameBoardGivesTheSameBytes() throws {
        let s = try ScriptedBoard.bulletinDay()
        let first = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        let second = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-22T17:30")
        #expect(first.standardOutput == second.standardOutput)
        #expect(!first.standardOutput.isEmpty)
    }

    @Test func sinceCoversTheRecentPastAndKeepsNoFile() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--since", "2h"], now: "2026-11-20T11:00")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(GoldenFile.mismatch(result.standardOutput, name: "synthesis/since-2h.md") == nil)
        #expect(s.board.contents("synthesis/2026-11-20.md") == nil)
    }

    @Test func withoutADateTheReportIsAboutToday() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize([], now: "2026-11-21T10:00")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("# Synthesis for Saturday 2026-11-21\n"))
        #expect(result.standardOutput.contains("Starting day two"))
        #expect(!result.standardOutput.contains("rotate logs"))
        #expect(result.standardOutput.contains("as of 10:00"))
        #expect(s.board.contents("synthesis/2026-11-21.md") == result.standardOutput)
    }

    @Test func aQuietDayGivesAShortHonestReport() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--date", "2026-11-23"], now: "2026-11-24T09:00")
        #expect(result.status == 0)
        #expect(GoldenFile.mismatch(result.standardOutput, name: "synthesis/quiet-day.md") == nil)
        let json = try s.synthesize(["--date", "2026-11-23", "--json"], now: "2026-11-24T09:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(json.standardOutput.utf8))
        #expect(report.empty)
    }

    @Test func outWritesTheChosenFileInstead() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--out", "reports/day.json", "--json"], now: "2026-11-21T09:00")
        #expect(result.status == 64 || result.status == 1)  // the folder does not exist yet
        #expect(result.standardError.contains("does not exist"))
        _ = try Subprocess.run(["/bin/mkdir", s.board.root + "/reports"])
        let written = try s.synthesize(["--date", "2026-11-20", "--out", "reports/day.json", "--json"], now: "2026-11-21T09:00")
        #expect(written.status == 0, "\(written.standardError)")
        let file = FileBytes.read(s.board.root + "/reports/day.json").map { String(decoding: $0, as: UTF8.self) }
        #expect(file == written.standardOutput)
        #expect(s.board.contents("synthesis/2026-11-20.md") == nil)
        // Renaming over a device or a folder would replace it: refused.
        let device = try s.synthesize(["--date", "2026-11-20", "--out", "/dev/null"], now: "2026-11-21T09:00")
        #expect(device.status == 64)
        #expect(device.standardError.contains("not a regular file"))
    }

    @Test func conflictingWindowsAreAUsageError() throws {
        let s = try ScriptedBoard()
        let both = try s.synthesize(["--date", "2026-11-20", "--since", "2h"], now: "2026-11-20T12:00")
        #expect(both.status == 64)
        #expect(both.standardError.contains("--date and --since"))
        let bad = try s.synthesize(["--date", "20-11-2026"], now: "2026-11-20T12:00")
        #expect(bad.status == 64)
        #expect(bad.standardError.contains("YYYY-MM-DD"))
    }

    @Test func anHourOverTheLimitShowsSignificantEntriesFirst() throws {
        let s = try ScriptedBoard()
        var lines = ""
        for i in 0 ..< 30 { lines += "- [14:\(i < 10 ? "0" : "")\(i)] chatty: progress note \(i)\n" }
        lines += "- [14:45] backend: Completed the token refresh\n- [14:50] backend: BLOCKER: staging is down\n"
        s.appendByHand("## 2026-11-20\n\n" + lines)
        let result = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(result.standardOutput.contains("14:45 backend *(completion, by hand)*: Completed the token refresh"))
        #expect(result.standardOutput.contains("14:50 backend *(blocker, by hand)*: BLOCKER: staging is down"))
        #expect(result.standardOutput.contains("progress note 22"))
        #expect(!result.standardOutput.contains("progress note 23"))
        #expect(result.standardOutput.contains("7 more were over 25 an hour (`coord read` has them all)."))
    }
}

import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing

/// What a lead reads first: the headline, "Needs you", the caps on every list,
/// the Mermaid chart, reports over several days, and no progress in a pipe.
@Suite struct SynthesisSummaryTests {
    static var sampleReport: String {
        let bytes = FileBytes.read(GoldenFile.fixtures + "/../../.coordination-sample/synthesis/2026-11-20.md") ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theSampleDaysFirstScreenSaysWhatShippedWhatIsBlockedAndWhatToRun() {
        let firstScreen = Self.sampleReport.split(separator: "\n", omittingEmptySubsequences: false).prefix(30)
            .joined(separator: "\n")
        #expect(firstScreen.contains("## Headline"))
        #expect(firstScreen.contains("Shipped: infrastructure finished"))
        #expect(firstScreen.contains("Nothing is blocked: 2 blockers were raised and 2 cleared."))
        #expect(firstScreen.contains("Architecture: ADR-002"))
        #expect(firstScreen.contains("## Needs you"))
        #expect(firstScreen.contains("`coord approve ADR-005`"))
        #expect(firstScreen.contains("`coord ack ADR-002`"))
        #expect(firstScreen.contains("`coord worker show backend-api`"))
    }

    @Test func theSampleReportNoLongerGuessesThemesFromWords() {
        #expect(!Self.sampleReport.contains("Shared themes"))
    }

    @Test func theNeedsYouListCoversEachKindWithItsCommand() throws {
        let s = try ScriptedBoard.teamDay()
        try s.run("2026-11-20T15:00", "worker-2-frontend", ["worker", "update", "--blocker", "the CDN certificate is missing"])
        try s.run("2026-11-20T15:05", "worker-1-backend", ["lock", "web/", "--intent", "cdn config", "--ttl", "24h"])
        try s.run("2026-11-20T15:10", "lead", ["decide", "Deploy from tags only", "--proposed", "--context", "release", "--rationale", "audit"])
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-20T23:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        let kinds = report.needsYou.map(\.kind)
        #expect(kinds.contains(.approve) && kinds.contains(.blocker) && kinds.contains(.acknowledge))
        #expect(kinds.contains(.expiringLock) && kinds.contains(.staleWorker))
        #expect(report.needsYou.first { $0.kind == .approve }?.command == "coord approve ADR-005")
        #expect(report.needsYou.first { $0.kind == .blocker }?.command == "coord worker update frontend --unblocked --note \"…\"")
        #expect(report.needsYou.first { $0.kind == .expiringLock }?.text
            == "worker-1-backend holds web until 2026-11-21 15:05 while frontend waits for it.")
        #expect(report.headline.count >= 3 && report.headline.count <= 5)
        #expect(report.headline.last?.hasPrefix("Needs you (") == true)
    }

    @Test func theDayChartIsAGanttBlockMermaidAccepts() throws {
        let sample = MermaidGantt.parse(Self.sampleReport)
        let chart = try sample.get()
        #expect(chart.sections.map(\.0) == ["Workers", "Blockers", "Contested locks"])
        #expect(chart.sections[0].1 == ["backend-api", "frontend-ui", "infrastructure"])
        let s = try ScriptedBoard.teamDay()
        let team = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        let teamChart = try MermaidGantt.parse(team.standardOutput).get()
        #expect(teamChart.sections.first { $0.0 == "Blockers" }?.1.count == 2)
    }

    @Test func aChartWithATaskBeforeItsSectionIsRefused() {
        let broken = "```mermaid\ngantt\n    dateFormat YYYY-MM-DD HH:mm\n    a :2026-11-20 09:00, 2026-11-20 10:00\n```\n"
        #expect(throws: MermaidGantt.Problem.self) { try MermaidGantt.parse(broken).get() }
        let backwards = "```mermaid\ngantt\n    dateFormat YYYY-MM-DD HH:mm\n    section A\n    a :2026-11-20 11:00, 2026-11-20 10:00\n```\n"
        #expect(throws: MermaidGantt.Problem.self) { try MermaidGantt.parse(backwards).get() }
    }

    @Test func everyListIsCappedInMarkdownAndWholeInJSONAndFull() throws {
        let s = try ScriptedBoard()
        try s.run("2026-11-20T08:00", "lead", ["launch", "--workers", "1", "--domains", "backend", "--goal", "Ship"])
        for step in 1 ... 7 {
            try s.run("2026-11-20T09:0\(step)", "worker-1-backend", ["worker", "update", "--completed", "step \(step)"])
        }
        for n in 1 ... 10 {
            try s.run("2026-11-20T10:\(10 + n)", "agent-\(n)", ["lock", "area/\(n)", "--intent", "work", "--ttl", "1m"])
        }
        let capped = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00").standardOutput
        #expect(capped.contains("- Completed (7, latest first):"))
        #expect(capped.contains("  - 09:07 step 7") && !capped.contains("step 4\n"))
        #expect(capped.contains("  - … and 4 more (`--full` lists them, `--json` gives everything)."))
        #expect(capped.contains("- … and 2 more (`--full` lists them, `--json` gives everything)."))
        let full = try s.synthesize(["--date", "2026-11-20", "--full"], now: "2026-11-21T09:00").standardOutput
        #expect(!full.contains("… and") && full.contains("step 1\n") && full.contains("`area/10`"))
        let json = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00").standardOutput
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(json.utf8))
        #expect(report.workers[0].completed.count == 7 && report.locks.held.count == 10)
    }

    @Test func aWeekHasOneHeadlinePerDayWithWork() throws {
        let s = try ScriptedBoard()
        try s.post("2026-11-17T09:00", "lead", "Completed the schema review")
        try s.post("2026-11-19T10:00", "lead", "Starting the release")
        let result = try s.synthesize(["--week", "--date", "2026-11-20", "--json"], now: "2026-11-20T18:00")
        #expect(result.status == 0, "\(result.standardError)")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.window.kind == .days && report.window.start.day == "2026-11-14")
        #expect(report.days.map(\.date.description) == ["2026-11-17", "2026-11-19"])
        let text = try s.synthesize(["--since", "2026-11-16T00:00", "--until", "2026-11-18T00:00"], now: "2026-11-20T18:00")
        #expect(text.standardOutput.contains("## Day by day") && text.standardOutput.contains("**Tuesday 2026-11-17**"))
        #expect(!text.standardOutput.contains("2026-11-19"))
        let backwards = try s.synthesize(["--since", "2026-11-18T00:00", "--until", "2026-11-16T00:00"], now: "2026-11-20T18:00")
        #expect(backwards.status == 64 && backwards.standardError.contains("--until"))
        let untilAlone = try s.synthesize(["--until", "2026-11-16T00:00"], now: "2026-11-20T18:00")
        #expect(untilAlone.status == 64)
    }

    @Test func noProgressLineWhenStandardErrorIsAPipe() throws {
        let s = try ScriptedBoard.teamDay()
        let result = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(result.standardError.isEmpty)
    }
}

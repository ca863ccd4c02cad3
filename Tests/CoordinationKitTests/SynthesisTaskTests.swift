import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The Tasks part of a synthesis: the window's completed, claimed and blocked tasks.
@Suite struct SynthesisTaskTests {
    @Test func theDaysCompletedClaimedAndBlockedTasksAreReportedAndYesterdaysAreNot() throws {
        let board = try TemporaryBoard(now: TestTime.at("2026-11-20T16:00:00Z"))
        let agent = try AgentName("alice")
        var tasks = Tasks(try board.workspace())
        for title in ["Schema", "Backfill", "Search box"] { _ = try tasks.add(TaskDraft(title: title), as: agent, announce: false) }
        _ = try tasks.claim(Tasks.ClaimRequest(task: "T-001", ttl: 600), as: agent, announce: false)
        try tasks.apply(.done(note: "merged"), to: "T-001", as: agent, announce: false)

        board.clock = .fixed(TestTime.at("2026-11-21T09:30:00Z"))
        tasks = Tasks(try board.workspace())
        _ = try tasks.claim(Tasks.ClaimRequest(task: "T-002", ttl: 600), as: try AgentName("bob"), announce: false)
        try tasks.apply(.done(note: "all rows"), to: "T-002", as: try AgentName("bob"), announce: false)
        try tasks.apply(.block(reason: "waits for the design"), to: "T-003", as: agent, announce: false)

        let workspace = try board.workspace()
        let day = try #require(CivilDate("2026-11-21"))
        let report = try Synthesis(workspace).report(for: .day(day, in: .utc))
        let activity = try #require(report.tasks)
        #expect(activity.completed.map(\.task) == ["T-002"])
        #expect(activity.completed.first?.title == "Backfill")
        #expect(activity.completed.first?.actor == "bob")
        #expect(activity.completed.first?.detail == "all rows")
        #expect(activity.claimed.map(\.task) == ["T-002"])
        #expect(activity.blocked.map(\.task) == ["T-003"])
        #expect(activity.blocked.first?.detail == "waits for the design")
        #expect(!report.empty)

        let markdown = SynthesisMarkdown.render(report)
        #expect(markdown.contains("## Tasks\n\n1 completed, 1 claimed, 1 blocked in the window"))
        #expect(markdown.contains("- `T-002` Backfill: bob, 09:30 — all rows"))
        #expect(markdown.contains("- `T-003` Search box: alice, 09:30 — waits for the design"))

        // The day before has its own completion and claim, and nothing blocked.
        let before = try Synthesis(workspace).report(for: .day(try #require(CivilDate("2026-11-20")), in: .utc))
        #expect(before.tasks?.completed.map(\.task) == ["T-001"])
        #expect(before.tasks?.blocked == [])
    }

    @Test func aBoardWithoutTaskRecordsInTheWindowHasNoTasksSection() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            try Bulletin(workspace).post("first", as: try AgentName("a"))
            _ = try Tasks(workspace).add(TaskDraft(title: "only added"), as: try AgentName("a"), announce: false)
            let report = try Synthesis(workspace).report(for: .today(workspace))
            #expect(report.tasks == nil)
            #expect(!SynthesisMarkdown.render(report).contains("## Tasks"))
        }
    }
}

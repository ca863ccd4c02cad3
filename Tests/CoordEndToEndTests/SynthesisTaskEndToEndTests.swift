import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord synthesize` through the built binary reports the day's task transitions.
@Suite struct SynthesisTaskEndToEndTests {
    @Test func theReportListsTheDaysCompletedClaimedAndBlockedTasks() throws {
        let scene = try LockScene()
        let schema = try scene.addTask("Schema for embedding rows")
        let backfill = try scene.addTask("Backfill embeddings", ["--after", schema])
        let load = try scene.addTask("Load-test the write queue")
        #expect(try scene.coord(["task", "claim", schema, "--quiet"], as: "bob", at: "10:00:00").status == 0)
        #expect(try scene.coord(["task", "done", schema, "--note", "merged", "--quiet"], as: "bob", at: "10:30:00").status == 0)
        #expect(try scene.coord(["task", "claim", "--next", "--quiet"], as: "carol", at: "10:40:00").status == 0)
        #expect(try scene.coord(["task", "block", load, "--reason", "no staging", "--quiet"], as: "alice", at: "11:00:00").status == 0)

        let json = try scene.coord(["synthesize", "--date", "2026-11-21", "--json"], as: "observer", at: "23:00:00")
        #expect(json.status == 0, "\(json.standardError)")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(json.standardOutput.utf8))
        let tasks = try #require(report.tasks)
        #expect(tasks.completed.map(\.task) == [schema])
        #expect(tasks.completed.first?.detail == "merged")
        #expect(tasks.claimed.map { "\($0.task) \($0.actor)" } == ["\(schema) bob", "\(backfill) carol"])
        #expect(tasks.blocked.map(\.task) == [load])
        #expect(json.standardOutput.contains("\"tasks\" : {"))

        let markdown = try scene.coord(["synthesize", "--date", "2026-11-21"], as: "observer", at: "23:00:00")
        #expect(markdown.status == 0, "\(markdown.standardError)")
        #expect(markdown.standardOutput.contains("## Tasks\n\n1 completed, 2 claimed, 1 blocked in the window"))
        #expect(markdown.standardOutput.contains("- `\(load)` Load-test the write queue: alice, 11:00 — no staging"))
    }
}

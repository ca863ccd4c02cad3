import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// The task queue is a `JournalFold` like the lock table and the decision log:
/// folding `tasks.jsonl` in two reads (the second from where the first ended)
/// gives the queue that folding its records at once gives.
@Suite struct TaskQueueFoldTests {
    @Test func foldingTheJournalInTwoReadsGivesTheSameQueue() throws {
        try TemporaryBoard.with { board in
            board.clock = .fixed(TestTime.morning)
            let tasks = Tasks(try board.workspace())
            let ann = try AgentName("ann")
            let first = try tasks.add(TaskDraft(title: "parse"), as: ann, announce: false)
            try tasks.add(TaskDraft(title: "render", after: [first.id], priority: 1), as: ann, announce: false)
            let journal = TaskJournal(board: try board.workspace().board)
            let early = try journal.read()

            _ = try tasks.claim(Tasks.ClaimRequest(task: first.id, ttl: 300), as: ann, announce: false)
            try tasks.apply(.done(note: "ok"), to: first.id, as: ann, announce: false)
            let late = try journal.read(from: early.end)
            #expect(late.records.count == 2)

            var folded = TaskQueue([], grace: LockSettings.standard.grace)
            early.fold(into: &folded)
            #expect(folded.tasks[first.id]?.stage == .open)
            late.fold(into: &folded)
            let whole = TaskQueue(try journal.read().values, grace: LockSettings.standard.grace)
            #expect(folded.tasks == whole.tasks)
            #expect(folded.order == whole.order)
            #expect(folded.highWater == whole.highWater)
            #expect(folded.tasks[first.id]?.stage == .done)

            // A record applied twice (a journal merged by git) changes nothing.
            late.fold(into: &folded)
            #expect(folded.history == whole.history)
        }
    }
}

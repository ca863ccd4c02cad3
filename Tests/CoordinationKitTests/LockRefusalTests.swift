import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// A refused `lock` leaves one compact `refuse` record, which the fold ignores and the observer reads as contention.
@Suite struct LockRefusalTests {
    @Test func aRefusedAttemptIsRecordedOnceAndSeenAsContention() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            let locks = Locks(workspace)
            let alice = Locks.Request(paths: [try LockPath("src/auth")], holder: try AgentName("alice"), intent: "refactor",
                                      ttl: 3600)
            _ = try locks.acquire(alice, announce: false)
            let bob = Locks.Request(paths: [try LockPath("src/auth/a.swift"), try LockPath("src/auth/b.swift")],
                                    holder: try AgentName("bob"), intent: "fix", ttl: 600)
            guard case .conflict = try locks.acquire(bob, announce: false) else { Issue.record("expected a conflict"); return }

            let events = try RecordJournal<LockEvent>(directory: workspace.board).read().events
            let refusals = events.filter { $0.event == .refuse }
            #expect(refusals.count == 1, "two paths under one grant make one record")
            #expect(refusals.first?.holder == "alice" && refusals.first?.by == "bob" && refusals.first?.token == 1)
            #expect(try locks.current().grants.map(\.holder) == ["alice"], "the fold ignores refusals")

            let snapshot = try BoardReader(workspace: workspace, now: TestTime.morning, lenient: false, includesFiles: false)
                .snapshot()
            #expect(snapshot.contests.map(\.agents) == [["alice", "bob"]])
        }
    }
}

import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// Viewing a past moment (`COORD_NOW`): records written after it are not part of the view.
@Suite struct LockTimeBoundTests {
    @Test func aViewOfAPastMomentIgnoresLaterRecords() throws {
        try TemporaryBoard.with { board in
            let alice = try AgentName("alice")
            let path = try LockPath("src/auth")
            let request = Locks.Request(paths: [path], holder: alice, intent: "refactor", ttl: 7200)
            _ = try Locks(try board.workspace()).acquire(request, announce: false)
            board.clock = .fixed(TestTime.morning.addingTimeInterval(3600))
            _ = try Locks(try board.workspace()).release([path], by: alice, announce: false)

            board.clock = .fixed(TestTime.morning.addingTimeInterval(1800))
            let past = Locks(try board.workspace())
            #expect(try past.current().grants.map(\.holder) == ["alice"], "held half an hour in, before the release")
            #expect(try past.check([path], for: try AgentName("bob")).conflicts.map(\.held.holder) == ["alice"])
            #expect(try past.history(limit: 10).map(\.ending) == [.held(.live)])

            board.clock = .fixed(TestTime.morning.addingTimeInterval(5400))
            let later = Locks(try board.workspace())
            #expect(try later.current().grants.isEmpty)
            #expect(try later.history(limit: 10).map(\.ending) == [.released(at: TestTime.morning.addingTimeInterval(3600))])
        }
    }

    @Test func theFoldKeepsTheTokenHighWaterOfLaterRecords() throws {
        try TemporaryBoard.with { board in
            let request = Locks.Request(paths: [try LockPath("a")], holder: try AgentName("alice"), intent: "x", ttl: 60)
            _ = try Locks(try board.workspace()).acquire(request, announce: false)
            let events = try RecordJournal<LockEvent>(directory: try board.workspace().board).read().events
            let table = LockTable(events, grace: 30, asOf: TestTime.morning.addingTimeInterval(-60))
            #expect(table.grants.isEmpty)
            #expect(table.highWater == 1)
        }
    }

    @Test func aCommandRunAtAPastMomentDecidesOnTheLocksAsTheyStoodThen() throws {
        try TemporaryBoard.with { board in
            let alice = try AgentName("alice"), bob = try AgentName("bob")
            let path = try LockPath("src/auth")
            _ = try Locks(try board.workspace()).acquire(Locks.Request(paths: [path], holder: alice, intent: "x", ttl: 7200),
                                                         announce: false)
            board.clock = .fixed(TestTime.morning.addingTimeInterval(3600))
            _ = try Locks(try board.workspace()).release([path], by: alice, announce: false)

            // Half an hour in, alice still held the path: bob is refused, though the release is on disk.
            board.clock = .fixed(TestTime.morning.addingTimeInterval(1800))
            let outcome = try Locks(try board.workspace()).acquire(Locks.Request(paths: [path], holder: bob, intent: "y", ttl: 60),
                                                                   announce: false)
            guard case .conflict(let conflicts) = outcome else {
                Issue.record("bob was granted a path alice held at that moment: \(outcome)")
                return
            }
            #expect(conflicts.map(\.held.holder) == ["alice"])
            let kinds = try LockJournal(board: try board.workspace().board).read().events.map(\.event)
            #expect(kinds == [.acquire, .release, .refuse], "the later release is kept, the refusal appended")

            // With the clock back at the present, the path is free again.
            board.clock = .fixed(TestTime.morning.addingTimeInterval(5400))
            guard case .granted = try Locks(try board.workspace()).acquire(
                Locks.Request(paths: [path], holder: bob, intent: "y", ttl: 60), announce: false)
            else {
                Issue.record("bob was refused a free path")
                return
            }
        }
    }
}

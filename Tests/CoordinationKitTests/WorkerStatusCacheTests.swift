import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

@Suite struct WorkerStatusCacheTests {
    @Test func readsBackWhatItWritesWithAwkwardText() {
        let since = WorkerStatusCache.instant(1_795_251_600_123)
        var cache = WorkerStatusCache()
        cache.entries["a\tb.jsonl"] = .init(
            identity: .init(size: 4096, modified: 1_795_251_600_123_456_789, inode: 42),
            worker: ObservedWorker(domain: "a\tb", number: 3, agent: "worker-3-a", status: .blocked, lastUpdate: since,
                                   context: 40, blockers: [OpenBlocker(text: "tab\there,\nnewline and \\ backslash", since: since),
                                                           OpenBlocker(text: "second", since: since)]))
        cache.entries["plain.jsonl"] = .init(identity: .init(size: 1, modified: 2, inode: 3),
                                             worker: ObservedWorker(domain: "plain", status: .complete))
        #expect(WorkerStatusCache.decode(cache.encoded()) == cache)
    }

    @Test func anythingElseIsRebuilt() {
        #expect(WorkerStatusCache.decode(Array("coord workers cache 2\n".utf8)) == nil)
        #expect(WorkerStatusCache.decode(Array("coord workers cache 1\nw\tx\n".utf8)) == nil)
        #expect(WorkerStatusCache.decode(Array("coord workers cache 1\nb\t1\torphan\n".utf8)) == nil)
    }

    @Test func statusReadsAJournalAgainOnceItChanged() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            try launchOneWorker(workspace)
            let first = try BoardStatus(workspace).report()
            #expect(first.workers.map(\.status) == [.active])
            // Status only reads; the observer's pass saves the cache status then uses.
            #expect(board.contents(".state/workers.idx") == nil)
            _ = try Observer(workspace, policy: ObserverPolicy(agent: try AgentName("observer"))).pass()
            #expect(board.contents(".state/workers.idx")?.hasPrefix("coord workers cache 1\n") == true)
            #expect(try BoardStatus(workspace).report().workers.map(\.status) == [.active])
            var observation = WorkerObservation()
            observation.blockers = ["stuck"]
            try Workers(workspace).update(try WorkerDomain("api"), observation, as: try AgentName("worker-1-api"))
            let second = try BoardStatus(workspace).report()
            #expect(second.workers.map(\.status) == [.blocked])
            #expect(second.blockers.map(\.text) == ["stuck"])
        }
    }
}

/// One worker, `api`, on `workspace`'s board.
private func launchOneWorker(_ workspace: Workspace) throws {
    try Workers(workspace).createEntities(
        [WorkerEntity(domain: try WorkerDomain("api"), number: 1, goal: "test", agent: "worker-1-api")],
        as: try AgentName("lead"))
}

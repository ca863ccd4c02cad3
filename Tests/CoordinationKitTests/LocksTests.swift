import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

@Suite struct LocksTests {
    func request(_ paths: [String], _ holder: String, ttl: Int64? = nil) throws -> Locks.Request {
        Locks.Request(paths: try paths.map { try LockPath($0) }, holder: try AgentName(holder), intent: "work", ttl: ttl)
    }

    func granted(_ outcome: Locks.Outcome) -> [LockGrant] {
        if case .granted(let grants) = outcome { return grants.grants }
        return []
    }

    @Test func severalPathsAreGrantedAllOrNothing() throws {
        try TemporaryBoard.with { board in
            let locks = Locks(try board.workspace())
            _ = try locks.acquire(try request(["docs/api.md"], "bob"), announce: false)
            let outcome = try locks.acquire(try request(["src", "docs"], "alice"), announce: false)
            guard case .conflict(let conflicts) = outcome else { Issue.record("expected a conflict"); return }
            #expect(conflicts.map(\.held.path.description) == ["docs/api.md"])
            #expect(try locks.current().grants.map(\.holder) == ["bob"], "src was not granted either")
        }
    }

    @Test func newGrantsOfOneCallShareATokenAndRelockingRenews() throws {
        try TemporaryBoard.with { board in
            let locks = Locks(try board.workspace())
            let first = granted(try locks.acquire(try request(["a", "b"], "alice"), announce: false))
            #expect(first.map(\.token) == [1, 1])
            board.clock = .fixed(TestTime.morning.addingTimeInterval(60))
            let again = try Locks(try board.workspace()).acquire(try request(["a", "c"], "alice", ttl: 600), announce: false)
            guard case .granted(let grants) = again else { Issue.record("expected a grant"); return }
            #expect(grants.renewed == [try LockPath("a")])
            #expect(grants.grants.map(\.token) == [1, 2])
            #expect(grants.grants[0].expires == TestTime.morning.addingTimeInterval(660))
        }
    }

    @Test func aReleaseIsAnnouncedOnTheBulletin() throws {
        try TemporaryBoard.with { board in
            let locks = Locks(try board.workspace())
            _ = try locks.acquire(try request(["src/auth/"], "alice"))
            board.clock = .fixed(TestTime.morning.addingTimeInterval(3720))
            _ = try Locks(try board.workspace()).release([try LockPath("src/auth")], by: try AgentName("alice"))
            let bulletin = board.contents("BULLETIN.md") ?? ""
            #expect(bulletin.contains("- [09:00] alice: locked src/auth (until 11:00): work <!-- coord -->\n"))
            #expect(bulletin.contains("- [10:02] alice: unlocked src/auth (held 1h2m) <!-- coord -->\n"))
        }
    }

    @Test func compactionArchivesHistoryAndKeepsTheHighWaterToken() throws {
        try TemporaryBoard.with { board in
            let settings = LockSettings(compactionBytes: 2048)
            let alice = try AgentName("alice")
            var locks = Locks(try board.workspace(), settings: settings)
            _ = try locks.acquire(try request(["kept"], "carol", ttl: 86_400), announce: false)
            for round in 0 ..< 40 {
                _ = try locks.acquire(try request(["p\(round)"], "alice"), announce: false)
                _ = try locks.release([try LockPath("p\(round)")], by: alice, announce: false)
            }
            // A field from a newer coord on the live grant must survive the rewrite.
            let journal = board.contents("locks.jsonl") ?? ""
            #expect(journal.utf8.count < 4096, "the journal was compacted on the way")
            #expect(journal.hasPrefix("{\"archive\":\"archive/locks-2026-11.jsonl\""))
            board.clock = .fixed(TestTime.morning.addingTimeInterval(3 * 3600))
            locks = Locks(try board.workspace(), settings: settings)
            let next = granted(try locks.acquire(try request(["p0"], "bob"), announce: false))
            #expect(next.first?.token == 42, "tokens continue above every grant ever made")
            #expect(try locks.current().grants.map(\.path.description) == ["kept", "p0"])
            let archive = board.contents("archive/locks-2026-11.jsonl") ?? ""
            #expect(archive.components(separatedBy: "\"event\":\"release\"").count - 1 >= 30)
            let history = try locks.history(limit: 100)
            #expect(history.count == 42, "history reads the archive: \(history.count)")
        }
    }

    @Test func unknownFieldsOfLiveGrantsSurviveCompaction() throws {
        try TemporaryBoard.with { board in
            let line = #"{"at":"2026-11-21T09:00:00.000Z","event":"acquire","expires":"2026-11-22T09:00:00.000Z","holder":"carol","id":"00000000000000aa","intent":"x","path":"kept","token":5,"ttl":86400,"v":1,"ticket":"OPS-7"}"#
            board.appendRaw("locks.jsonl", Array((line + "\n").utf8))
            board.appendRaw("locks.jsonl", Array("not json at all\n".utf8))
            let filler = String(repeating: "#", count: 3000)
            board.appendRaw("locks.jsonl", Array("\(filler)\n".utf8))
            let locks = Locks(try board.workspace(), settings: LockSettings(compactionBytes: 2048))
            _ = try locks.acquire(try request(["other"], "alice"), announce: false)
            let journal = board.contents("locks.jsonl") ?? ""
            #expect(journal.contains("\"ticket\":\"OPS-7\""))
            #expect(!journal.contains("not json"))
            #expect(board.contents("archive/locks-2026-11.jsonl")?.contains("not json at all\n") == true,
                    "unreadable lines are moved, never dropped")
            #expect(try locks.current().grants.map(\.token) == [5, 6])
        }
    }

    @Test func anIntentARelockChangedSurvivesARenewalAndCompaction() throws {
        try TemporaryBoard.with { board in
            let settings = LockSettings(compactionBytes: 2048)
            let alice = try AgentName("alice")
            var locks = Locks(try board.workspace(), settings: settings)
            _ = try locks.acquire(Locks.Request(paths: [try LockPath("src/a")], holder: alice, intent: "first intent"), announce: false)
            _ = try locks.acquire(Locks.Request(paths: [try LockPath("src/a")], holder: alice, intent: "second intent"), announce: false)
            _ = try locks.renew([try LockPath("src/a")], by: alice)
            #expect(board.contents("locks.jsonl")?.components(separatedBy: "\"intent\":\"second intent\"").count == 3,
                    "the renewal repeats the intent the re-lock set")
            for round in 0 ..< 20 {
                _ = try locks.acquire(try request(["p\(round)"], "bob"), announce: false)
                _ = try locks.release([try LockPath("p\(round)")], by: try AgentName("bob"), announce: false)
            }
            #expect(board.contents("archive/locks-2026-11.jsonl") != nil, "the journal was compacted on the way")
            locks = Locks(try board.workspace(), settings: settings)
            #expect(try locks.current().grants.map(\.intent) == ["second intent"])
        }
    }

    @Test func aRenewalWithoutAnIntentKeepsTheRenewalThatSetItThroughCompaction() throws {
        try TemporaryBoard.with { board in
            // As a coord whose renewals did not repeat the intent wrote them.
            let lines = [
                #"{"at":"2026-11-21T08:00:00.000Z","event":"acquire","expires":"2026-11-22T08:00:00.000Z","holder":"carol","id":"00000000000000a1","intent":"first intent","path":"src/a","token":1,"ttl":86400,"v":1}"#,
                #"{"at":"2026-11-21T08:01:00.000Z","event":"renew","expires":"2026-11-22T08:01:00.000Z","holder":"carol","id":"00000000000000a2","intent":"second intent","path":"src/a","token":1,"ttl":86400,"v":1}"#,
                #"{"at":"2026-11-21T08:02:00.000Z","event":"renew","expires":"2026-11-22T08:02:00.000Z","holder":"carol","id":"00000000000000a3","path":"src/a","token":1,"ttl":86400,"v":1}"#,
            ]
            board.appendRaw("locks.jsonl", Array((lines.joined(separator: "\n") + "\n").utf8))
            let locks = Locks(try board.workspace(), settings: LockSettings(compactionBytes: 2048))
            for round in 0 ..< 20 {
                _ = try locks.acquire(try request(["p\(round)"], "bob"), announce: false)
                _ = try locks.release([try LockPath("p\(round)")], by: try AgentName("bob"), announce: false)
            }
            let journal = board.contents("locks.jsonl") ?? ""
            #expect(journal.hasPrefix("{\"archive\""), "the journal was compacted")
            #expect(journal.contains("00000000000000a2") && journal.contains("00000000000000a3"))
            #expect(try locks.current().grants.map(\.intent) == ["second intent"])
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

@Suite struct LockEndToEndTests {
    @Test(arguments: [
        ("src/", "src/a.swift", true),
        ("src/a.swift", "src", true),
        ("src/a", "src/b", false),
        ("src/a", "src/ab", false),
        ("./src//a/", "src/a", true),
        ("src/a", "src/a/b/c.swift", true),
        ("a/./b", "a/c/../b", true),
        ("~/notes", "notes", false),
        ("/srv/data", "srv/data", false),
        (".", "docs/any.md", true),
        ("caf\u{65}\u{301}/menu", "caf\u{E9}/menu/x", true),
    ])
    func hierarchy(held: String, requested: String, conflicts: Bool) throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", held, "--intent", "first"], as: "alice").status == 0)
        let check = try scene.coord(["check", requested], as: "bob")
        #expect(check.status == (conflicts ? ExitStatus.conflict : 0), "\(check.standardOutput)")
        let lock = try scene.coord(["lock", requested, "--intent", "second"], as: "bob")
        #expect(lock.status == (conflicts ? ExitStatus.conflict : 0), "\(lock.standardError)")
        if conflicts {
            #expect(lock.standardError.contains("alice"))
            #expect(lock.standardError.contains("since 09:00 until 11:00 (2h left): first"))
        }
    }

    @Test func relockingYourOwnPathRenewsIt() throws {
        let scene = try LockScene()
        let first = try scene.coord(["lock", "src/", "--intent", "refactor"], as: "alice")
        #expect(first.standardOutput == "locked src (token 1) until 11:00 (2h)\n")
        let again = try scene.coord(["lock", "./src", "--intent", "refactor", "--ttl", "3h"], as: "alice", at: "10:00:00")
        #expect(again.status == 0)
        #expect(again.standardOutput == "renewed src (token 1) until 13:00 (3h)\n")
        #expect(try scene.records("renew").count == 1)
    }

    @Test func anExpiredLockIsTakenOverWithALargerToken() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "db/", "--intent", "migration", "--ttl", "1m"], as: "alice").status == 0)
        let inGrace = try scene.coord(["lock", "db/schema.sql", "--intent", "fix"], as: "bob", at: "09:01:10")
        #expect(inGrace.status == ExitStatus.conflict)
        #expect(inGrace.standardError.contains("expired 10s ago, free at 09:01:30"))
        let takeover = try scene.coord(["lock", "db/schema.sql", "--intent", "fix", "--json"], as: "bob", at: "09:01:30")
        #expect(takeover.status == 0, "\(takeover.standardError)")
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(takeover.standardOutput.utf8))
        guard case .array(let locks) = document["locks"], case .object(let lock) = locks.first else {
            Issue.record("no lock in \(takeover.standardOutput)")
            return
        }
        #expect(lock["token"]?.integerValue == 2)
        #expect(try scene.records("expire").first?["token"]?.integerValue == 1, "the lapse is recorded")
        #expect(try scene.coord(["renew", "db"], as: "alice", at: "09:01:31").status == ExitStatus.notFound)
    }

    @Test func onlyTheHolderCanUnlockOrRenew() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "api/", "--intent", "v2 endpoints"], as: "alice").status == 0)
        let unlock = try scene.coord(["unlock", "api"], as: "bob")
        #expect(unlock.status == ExitStatus.refused)
        #expect(unlock.standardError.contains("api is locked by alice, not bob"))
        #expect(unlock.standardError.contains("--force --reason"))
        #expect(try scene.coord(["renew", "api"], as: "bob").status == ExitStatus.refused)
        #expect(try scene.live() == ["api": "alice"])
        #expect(try scene.coord(["unlock", "api/"], as: "alice").status == 0)
        #expect(try scene.live().isEmpty)
        #expect(try scene.coord(["unlock", "api/"], as: "alice").status == ExitStatus.notFound)
    }

    @Test func aForceBreakIsAudited() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "infra/", "--intent", "terraform apply"], as: "alice").status == 0)
        #expect(try scene.coord(["unlock", "infra", "--force"], as: "bob").status == ExitStatus.usage)
        let broken = try scene.coord(["unlock", "infra", "--force", "--reason", "alice is offline"], as: "bob", at: "09:40:00")
        #expect(broken.status == 0, "\(broken.standardError)")
        let record = try #require(try scene.records("break").first)
        #expect(record["holder"]?.stringValue == "alice")
        #expect(record["by"]?.stringValue == "bob")
        #expect(record["reason"]?.stringValue == "alice is offline")
        #expect(record["token"]?.integerValue == 1)
        #expect(scene.board.contents("BULLETIN.md")?.contains("- [09:40] bob: broke alice's lock on infra (token 1): alice is offline <!-- coord -->\n") == true)
        let history = try scene.coord(["locks", "--all", "--json"], as: "carol", at: "09:41:00")
        #expect(history.standardOutput.contains("\"ended_by\" : \"bob\""))
        #expect(history.standardOutput.contains("\"state\" : \"broken\""))
    }

    @Test func locksJSONHasTheSeedShapeWithExpiryAndToken() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "~/gt/mcp_memory/", "--intent", "v2 refactoring"], as: "gastown-mayor").status == 0)
        let result = try scene.coord(["locks", "--json"], as: "observer", at: "09:30:00")
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        #expect(document["version"] == .integer(Int64(JSONView.version)))
        guard case .array(let locks) = document["locks"], case .object(let lock) = locks.first else {
            Issue.record("no locks in \(result.standardOutput)")
            return
        }
        #expect(lock["path"] == .string("~/gt/mcp_memory"))
        #expect(lock["holder"] == .string("gastown-mayor"))
        #expect(lock["since"] == .string("2026-11-21T09:00:00.000Z"))
        #expect(lock["intent"] == .string("v2 refactoring"))
        #expect(lock["expires"] == .string("2026-11-21T11:00:00.000Z"))
        #expect(lock["token"] == .integer(1))
        #expect(lock["remaining_seconds"] == .integer(5400))
        let text = try scene.coord(["locks"], as: "observer", at: "09:30:00")
        #expect(text.standardOutput.contains("~/gt/mcp_memory  gastown-mayor  09:00  11:00 (1h30m left)  v2 refactoring"))
    }

    @Test func aConflictIsReportedInJSONToo() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "src/auth/", "--intent", "token refresh"], as: "alice").status == 0)
        let result = try scene.coord(["lock", "src/auth/login.swift", "--intent", "x", "--json"], as: "bob")
        #expect(result.status == ExitStatus.conflict)
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        #expect(document["ok"] == .bool(false))
        guard case .array(let conflicts) = document["conflicts"], case .object(let conflict) = conflicts.first else {
            Issue.record("no conflicts in \(result.standardOutput)")
            return
        }
        #expect(conflict["requested"] == .string("src/auth/login.swift"))
        #expect(conflict["path"] == .string("src/auth"))
        #expect(conflict["holder"] == .string("alice"))
        #expect(conflict["intent"] == .string("token refresh"))
        #expect(conflict["expires"] == .string("2026-11-21T11:00:00.000Z"))
    }

    @Test func waitGetsTheLockOnceTheHolderLetsGo() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "assets/", "--intent", "resize"], as: "alice").status == 0)
        let waiter = try scene.start(["lock", "assets/logo.png", "--intent", "swap logo", "--wait", "60s"], as: "bob")
        #expect(try scene.coord(["unlock", "assets"], as: "alice").status == 0)
        let result = waiter.wait()
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("locked assets/logo.png (token 2)"))
    }

    @Test func waitGivesUpWithTheConflictStatus() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "assets/", "--intent", "resize"], as: "alice").status == 0)
        let start = MonotonicClock.system.nanoseconds()
        let result = try scene.coord(["lock", "assets/", "--intent", "x", "--wait", "1s"], as: "bob")
        #expect(result.status == ExitStatus.conflict)
        #expect(MonotonicClock.system.nanoseconds() - start >= 1_000_000_000, "it waited before giving up")
        #expect(try scene.records("acquire").count == 1)
    }

    @Test func compactionKeepsLiveLocksAndNeverReusesATokenThroughTheBinary() throws {
        let scene = try LockScene()
        // 200 grants of history, each released, written as coord writes them.
        var history = ""
        for token in 1 ... 200 {
            history += #"{"at":"2026-11-20T09:00:00.000Z","event":"acquire","expires":"2026-11-20T11:00:00.000Z","holder":"old","id":"a\#(token)","intent":"x","path":"p\#(token % 9)","token":\#(token),"ttl":7200,"v":1}"# + "\n"
            history += #"{"at":"2026-11-20T09:30:00.000Z","event":"release","holder":"old","id":"r\#(token)","path":"p\#(token % 9)","token":\#(token),"v":1}"# + "\n"
        }
        scene.board.appendRaw("locks.jsonl", Array(history.utf8))
        #expect(try scene.coord(["lock", "keep/", "--intent", "stays"], as: "alice").standardOutput.contains("(token 201)"))
        let journal = scene.board.contents("locks.jsonl") ?? ""
        #expect(journal.utf8.count < 1024, "history moved out: \(journal.utf8.count) bytes left")
        #expect(journal.contains("\"event\":\"checkpoint\""))
        #expect(scene.board.contents("archive/locks-2026-11.jsonl")?.contains(#""id":"r200""#) == true)
        #expect(try scene.live() == ["keep": "alice"])
        let next = try scene.coord(["lock", "p1", "--intent", "again"], as: "bob")
        #expect(next.standardOutput.contains("(token 202)"), "\(next.standardOutput)")
        let all = try scene.coord(["locks", "--all", "--json", "--limit", "500"], as: "bob")
        #expect(all.standardOutput.components(separatedBy: "\"state\" : \"released\"").count - 1 == 200,
                "history still reads the archived grants")
    }
}

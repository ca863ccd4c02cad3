import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

@Suite struct TaskEndToEndTests {
    /// Claims the best ready task as `agent` and finishes it; returns its id.
    private func claimAndFinish(_ scene: LockScene, as agent: String = "worker") throws -> String? {
        let claim = try scene.coord(["task", "claim", "--next", "--quiet"], as: agent)
        guard claim.status == 0, let id = LockScene.claimedID(claim.standardOutput) else { return nil }
        let done = try scene.coord(["task", "done", id, "--quiet"], as: agent)
        return done.status == 0 ? id : nil
    }

    @Test func aChainAndADiamondReleaseTheirTasksInOrder() throws {
        let scene = try LockScene()
        let a = try scene.addTask("chain a")
        let b = try scene.addTask("chain b", ["--after", a])
        let c = try scene.addTask("chain c", ["--after", b])
        let top = try scene.addTask("diamond top")
        let left = try scene.addTask("diamond left", ["--after", top])
        let right = try scene.addTask("diamond right", ["--after", top])
        let bottom = try scene.addTask("diamond bottom", ["--after", "\(left),\(right)"])
        #expect([a, b, c, top, left, right, bottom] == ["T-001", "T-002", "T-003", "T-004", "T-005", "T-006", "T-007"])
        #expect(try scene.readyTasks() == [a, top])
        var order: [String] = []
        var readyAfterLeft: [String]? = nil
        while let id = try claimAndFinish(scene) {
            order.append(id)
            if id == left { readyAfterLeft = try scene.readyTasks() }
        }
        #expect(order == [a, b, c, top, left, right, bottom], "equal priority and age: lowest id first")
        #expect(readyAfterLeft == [right], "the bottom of the diamond waits for both sides")
        let last = try scene.coord(["task", "claim", "--next"], as: "worker")
        #expect(last.status == ExitStatus.nothingReady)
    }

    @Test func priorityThenDueThenAgeOrderTheReadyList() throws {
        let scene = try LockScene()
        let low = try scene.addTask("low", ["--priority", "3"])
        let late = try scene.addTask("due late", ["--due", "2026-11-22T09:00Z"])
        let soon = try scene.addTask("due soon", ["--due", "2026-11-21T12:00Z"])
        let plain = try scene.addTask("no due")
        let urgent = try scene.addTask("urgent", ["--priority", "0"])
        #expect(try scene.readyTasks() == [urgent, soon, late, plain, low])
    }

    @Test func cyclesAreRefusedAtAddAndAtLink() throws {
        let scene = try LockScene()
        try scene.addTask("one")
        try scene.addTask("two", ["--after", "T-001"])
        try scene.addTask("three", ["--after", "T-002"])
        let before = scene.board.contents("tasks.jsonl")
        let link = try scene.coord(["task", "link", "T-001", "--after", "T-003"], as: "alice")
        #expect(link.status == ExitStatus.refused)
        #expect(link.standardError.contains("T-001 → T-003 → T-002 → T-001"), "\(link.standardError)")
        let selfLoop = try scene.coord(["task", "add", "four", "--after", "T-004"], as: "alice")
        #expect(selfLoop.status == ExitStatus.refused)
        #expect(selfLoop.standardError.contains("T-004 → T-004"), "\(selfLoop.standardError)")
        let unknown = try scene.coord(["task", "add", "five", "--after", "T-009"], as: "alice")
        #expect(unknown.status == ExitStatus.notFound)
        #expect(unknown.standardError.contains("T-009"))
        #expect(scene.board.contents("tasks.jsonl") == before, "nothing refused was written")
        // Unlinking breaks the chain, and the link is accepted then.
        #expect(try scene.coord(["task", "unlink", "T-002", "--after", "T-001"], as: "alice").status == 0)
        #expect(try scene.coord(["task", "link", "T-001", "--after", "T-003"], as: "alice").status == 0)
        #expect(try scene.readyTasks() == ["T-002"], "T-003 waits on T-002 and T-001 on T-003")
    }

    @Test func aKilledClaimantsTaskIsReadyAgainAfterItsLeaseAndGrace() throws {
        let scene = try LockScene()
        let id = try scene.addTask("fragile")
        // The claimant claims, then dies by SIGKILL without releasing.
        let dying = try Subprocess.run(
            ["/bin/sh", "-c", "\"$0\" task claim --next --ttl 1m --quiet && kill -9 $$", CoordBinary.fastest],
            environment: LockScene.environment("doomed", at: "09:00:00"), directory: scene.root)
        #expect(dying.signal == SIGKILL)
        #expect(LockScene.claimedID(dying.standardOutput) == id)
        let early = try scene.coord(["task", "claim", id], as: "bob", at: "09:01:29")
        #expect(early.status == ExitStatus.conflict)
        #expect(early.standardError.contains("doomed"), "the loser is told who holds it: \(early.standardError)")
        #expect(try scene.readyTasks(at: "09:01:29") == [], "within TTL plus grace the task stays taken")
        #expect(try scene.readyTasks(at: "09:01:30") == [id], "after 1m + 30s grace it is ready again")
        let retaken = try scene.coord(["task", "claim", "--next"], as: "bob", at: "09:01:31")
        #expect(retaken.status == 0)
        #expect(LockScene.claimedToken(retaken.standardOutput) == 2)
    }

    @Test func aStaleFencingTokenIsRefusedOnDone() throws {
        let scene = try LockScene()
        let id = try scene.addTask("contested")
        let first = try scene.coord(["task", "claim", id, "--ttl", "1m"], as: "alice")
        #expect(LockScene.claimedToken(first.standardOutput) == 1)
        // alice pauses past her lease; bob takes the task over.
        let second = try scene.coord(["task", "claim", id], as: "bob", at: "09:05:00")
        #expect(LockScene.claimedToken(second.standardOutput) == 2)
        let stale = try scene.coord(["task", "done", id, "--fence", "1"], as: "alice", at: "09:06:00")
        #expect(stale.status == ExitStatus.refused)
        #expect(stale.standardError.contains("stale"), "\(stale.standardError)")
        let notYours = try scene.coord(["task", "done", id], as: "alice", at: "09:06:00")
        #expect(notYours.status == ExitStatus.refused)
        // The same agent name claiming again gets a new token; its old token is stale too.
        #expect(try scene.coord(["task", "release", id, "--fence", "2"], as: "bob", at: "09:06:00").status == 0)
        let third = try scene.coord(["task", "claim", id], as: "alice", at: "09:07:00")
        #expect(LockScene.claimedToken(third.standardOutput) == 3)
        #expect(try scene.coord(["task", "done", id, "--fence", "1"], as: "alice", at: "09:08:00").status == ExitStatus.refused)
        let done = try scene.coord(["task", "done", id, "--fence", "3", "--note", "shipped"], as: "alice", at: "09:08:00")
        #expect(done.status == 0, "\(done.standardError)")
        #expect(scene.board.contents("BULLETIN.md")?.contains("done T-001: contested (shipped)") == true)
    }

    @Test func claimWithLockIsAllOrNothingAndSharesTheLockSequence() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "docs/api.md", "--intent", "first", "--quiet"], as: "carol").status == 0)
        let id = try scene.addTask("two places", ["--paths", "src/a/", "docs/"])
        let refused = try scene.coord(["task", "claim", id, "--lock"], as: "alice")
        #expect(refused.status == ExitStatus.conflict)
        #expect(refused.standardError.contains("carol"), "\(refused.standardError)")
        #expect(try scene.live() == ["docs/api.md": "carol"], "src/a was not locked either")
        #expect(try scene.taskRecords("claim").isEmpty)
        #expect(try scene.coord(["unlock", "docs/api.md", "--quiet"], as: "carol").status == 0)
        let claimed = try scene.coord(["task", "claim", id, "--lock"], as: "alice")
        #expect(claimed.status == 0, "\(claimed.standardError)")
        #expect(LockScene.claimedToken(claimed.standardOutput) == 2, "after carol's lock token 1")
        #expect(try scene.live() == ["src/a": "alice", "docs": "alice"])
        #expect(try scene.records("acquire").last?["token"]?.integerValue == 2)
        let next = try scene.coord(["lock", "elsewhere", "--intent", "after", "--quiet"], as: "carol")
        #expect(next.standardOutput.contains("token 3"), "locks and claims share one sequence: \(next.standardOutput)")
        #expect(try scene.coord(["task", "done", id, "--quiet"], as: "alice").status == 0)
        #expect(try scene.live() == ["elsewhere": "carol"], "finishing released the claim's locks")
    }

    @Test func anEmptyQueueExitsSixAndADamagedJournalExitsOne() throws {
        let scene = try LockScene()
        let empty = try scene.coord(["task", "claim", "--next"], as: "alice")
        #expect(empty.status == ExitStatus.nothingReady)
        #expect(empty.standardError.contains("No task is ready"))
        try scene.addTask("one")
        // A torn tail (a writer killed mid-record) is skipped: its command never finished.
        scene.board.appendRaw("tasks.jsonl", Array(#"{"actor":"x","event":"cla"#.utf8))
        try scene.addTask("two")
        #expect(try scene.readyTasks() == ["T-001", "T-002"])
        // A mangled complete record is damage: refuse rather than guess.
        scene.board.appendRaw("tasks.jsonl", Array("{\"event\":\"claim\",\"task\":\"T-001\"}\n".utf8))
        let damaged = try scene.coord(["task", "claim", "--next"], as: "alice")
        #expect(damaged.status == ExitStatus.failure)
        #expect(damaged.standardError.contains("tasks.jsonl"), "\(damaged.standardError)")
        #expect(damaged.standardError.contains("is not a task record; correct or delete that line by hand"), "\(damaged.standardError)")
        #expect(try scene.coord(["tasks"], as: "alice").status == ExitStatus.failure)
    }

    @Test func showGivesTheFullHistoryAsVersionedJSON() throws {
        let scene = try LockScene()
        let id = try scene.addTask("audited", ["--tag", "audit", "--domain", "backend"])
        #expect(try scene.coord(["task", "claim", id, "--quiet"], as: "bob").status == 0)
        #expect(try scene.coord(["task", "block", id, "--reason", "needs staging", "--quiet"], as: "bob").status == 0)
        #expect(try scene.coord(["task", "unblock", id, "--quiet"], as: "alice").status == 0)
        #expect(try scene.coord(["task", "cancel", id, "--reason", "dropped"], as: "alice").status == 0)
        let show = try scene.coord(["task", "show", id, "--json"], as: "alice")
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(show.standardOutput.utf8))
        #expect(document["version"]?.integerValue == Int64(JSONView.version))
        #expect(document["now"]?.stringValue == "2026-11-21T09:00:00.000Z")
        guard case .array(let history) = document["history"], case .object(let task) = document["task"] else {
            Issue.record("no task or history in \(show.standardOutput)")
            return
        }
        #expect(history.compactMap { entry -> String? in
            guard case .object(let fields) = entry else { return nil }
            return fields["event"]?.stringValue
        } == ["add", "claim", "block", "unblock", "cancel"])
        #expect(task["status"]?.stringValue == "cancelled")
        #expect(task["reason"]?.stringValue == "dropped")
        let lines = (scene.board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.contains(id) }
        #expect(lines == ["- [09:00] alice: cancelled T-001: audited (dropped) <!-- coord -->"], "--quiet steps post nothing")
    }
}

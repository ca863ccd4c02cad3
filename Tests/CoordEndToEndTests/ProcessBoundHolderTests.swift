import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// Locks and claims bound to a process (`--pid`, `$COORD_PID`, `coord run`):
/// taken over at once when that process ends on this host, never while it runs.
/// The holders are real processes; the tests wait on their exit (`waitpid`), never on time.
@Suite struct ProcessBoundHolderTests {
    /// A process that lives until the test kills it.
    static func sleeper() throws -> RunningProcess {
        try Subprocess.start(["/bin/sleep", "300"])
    }

    /// Kills `process` with SIGKILL and reaps it, so its pid runs no more.
    static func kill(_ process: RunningProcess) {
        process.signal(SIGKILL)
        _ = process.wait()
    }

    static func int(_ value: JSONValue?) -> Int64? {
        guard case .integer(let number)? = value else { return nil }
        return number
    }

    /// A hand-written `locks.jsonl` line (what another coord on this host could have written).
    static func lockLine(path: String, holder: String, token: Int64, host: String, pid: Int32, started: UInt64) -> String {
        #"{"at":"2026-11-21T08:59:00.000Z","event":"acquire","expires":"2026-11-21T11:00:00.000Z","holder":"\#(holder)","#
            + #""host":"\#(host)","id":"hand\#(token)","intent":"by hand","path":"\#(path)","pid":\#(pid),"#
            + #""started":\#(started),"token":\#(token),"ttl":7260,"v":1}"# + "\n"
    }

    @Test func aLockBoundToAKilledProcessIsTakenOverAtOnceWithALargerToken() throws {
        let scene = try LockScene()
        let holder = try Self.sleeper()
        let locked = try scene.coord(["lock", "src/", "--intent", "refactor", "--pid", String(holder.pid)], as: "alice")
        #expect(locked.status == 0, "\(locked.standardError)")
        let acquire = try #require(try scene.records("acquire").first)
        #expect(Self.int(acquire["pid"]) == Int64(holder.pid))
        #expect(acquire["host"]?.stringValue?.utf8.count == 16)
        #expect(Self.int(acquire["started"]) != nil)
        let first = try #require(Self.int(acquire["token"]))

        Self.kill(holder)
        // Read commands see the path free, say why, and write nothing.
        let before = scene.board.contents("locks.jsonl")
        let check = try scene.coord(["check", "src/a.swift"], as: "bob")
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(try scene.live().isEmpty)
        let locks = try scene.coord(["locks", "--all"], as: "bob")
        #expect(locks.standardOutput.contains("holder process ended"), "\(locks.standardOutput)\(locks.standardError)")
        #expect(scene.board.contents("locks.jsonl") == before)

        let taken = try scene.coord(["lock", "src/a.swift", "--intent", "fix"], as: "bob")
        #expect(taken.status == 0, "\(taken.standardError)")
        let breaks = try scene.records("break")
        #expect(breaks.count == 1)
        #expect(breaks.first?["by"]?.stringValue == "bob")
        #expect(breaks.first?["holder"]?.stringValue == "alice")
        #expect(breaks.first?["reason"]?.stringValue == "holder process ended")
        #expect(Self.int(breaks.first?["token"]) == first)
        let second = try #require(try scene.records("acquire").last.flatMap { Self.int($0["token"]) })
        #expect(second > first)
        #expect(try scene.live() == ["src/a.swift": "bob"])
    }

    @Test func aLockBoundToALiveProcessIsNotTakenOver() throws {
        let scene = try LockScene()
        let holder = try Self.sleeper()
        defer { Self.kill(holder) }
        // Bound through the environment, as an agent session does.
        let locked = try CoordBinary.run(["lock", "src/", "--intent", "refactor"], in: scene.root,
                                         environment: LockScene.environment("alice", at: "09:00:00")
                                             .merging(["COORD_PID": String(holder.pid)]) { $1 })
        #expect(locked.status == 0, "\(locked.standardError)")
        #expect(Self.int(try scene.records("acquire").first?["pid"]) == Int64(holder.pid))
        let refused = try scene.coord(["lock", "src/a.swift", "--intent", "fix"], as: "bob")
        #expect(refused.status == ExitStatus.conflict)
        #expect(try scene.records("break").isEmpty)
        #expect(try scene.live() == ["src": "alice"])
    }

    @Test func aReusedPidWithAnotherStartTimeCountsAsEnded() throws {
        let scene = try LockScene()
        let holder = try Self.sleeper()
        defer { Self.kill(holder) }
        #expect(try scene.coord(["lock", "src/", "--intent", "refactor", "--pid", String(holder.pid)], as: "alice").status == 0)
        let acquire = try #require(try scene.records("acquire").first)
        let host = try #require(acquire["host"]?.stringValue)
        let started = try #require(Self.int(acquire["started"]))
        // The same live pid, recorded with another start time: the process that held it is gone.
        scene.board.appendRaw("locks.jsonl", Array(Self.lockLine(path: "docs", holder: "carol", token: 5, host: host,
                                                                 pid: holder.pid, started: UInt64(started + 1)).utf8))
        // And one from another host: it falls back to its expiry.
        scene.board.appendRaw("locks.jsonl", Array(Self.lockLine(path: "web", holder: "dave", token: 6, host: "0123456789abcdef",
                                                                 pid: 1, started: 1).utf8))
        #expect(try scene.live() == ["src": "alice", "web": "dave"])
        #expect(try scene.coord(["lock", "docs/api.md", "--intent", "notes"], as: "bob").status == 0)
        #expect(try scene.records("break").map { $0["holder"]?.stringValue } == ["carol"])
        #expect(Self.int(try scene.records("acquire").last?["token"]) == 7)
        #expect(try scene.coord(["lock", "src/a.swift", "--intent", "fix"], as: "bob").status == ExitStatus.conflict)
        #expect(try scene.coord(["lock", "web/index.html", "--intent", "fix"], as: "bob").status == ExitStatus.conflict)
    }

    @Test func aClaimBoundToAKilledProcessIsTakenOverAtOnce() throws {
        let scene = try LockScene()
        let task = try scene.addTask("parser", ["--paths", "src/parser"])
        let holder = try Self.sleeper()
        let claimed = try scene.coord(["task", "claim", "--next", "--lock", "--pid", String(holder.pid)], as: "alice")
        #expect(claimed.status == 0, "\(claimed.standardError)")
        let first = try #require(LockScene.claimedToken(claimed.standardOutput))
        #expect(Self.int(try scene.taskRecords("claim").first?["pid"]) == Int64(holder.pid))
        #expect(Self.int(try scene.records("acquire").first?["pid"]) == Int64(holder.pid))

        // While it runs, the task is taken.
        let held = try scene.coord(["task", "claim", task], as: "bob")
        #expect(held.status == ExitStatus.conflict)
        #expect(try scene.readyTasks().isEmpty)

        Self.kill(holder)
        #expect(try scene.readyTasks() == [task])
        let taken = try scene.coord(["task", "claim", "--next", "--lock"], as: "bob")
        #expect(taken.status == 0, "\(taken.standardError)")
        #expect(LockScene.claimedID(taken.standardOutput) == task)
        let second = try #require(LockScene.claimedToken(taken.standardOutput))
        #expect(second > first)
        let releases = try scene.taskRecords("release")
        #expect(releases.count == 1)
        #expect(releases.first?["actor"]?.stringValue == "bob")
        #expect(releases.first?["reason"]?.stringValue == "holder process ended")
        #expect(Self.int(releases.first?["token"]) == first)
        // The claim's lock, bound to the same process, was taken over with it.
        #expect(try scene.records("break").first?["reason"]?.stringValue == "holder process ended")
        #expect(try scene.live() == ["src/parser": "bob"])
    }

    @Test func aClaimWithAReusedPidCountsAsEndedAndRenewKeepsTheBinding() throws {
        let scene = try LockScene()
        let task = try scene.addTask("parser")
        let holder = try Self.sleeper()
        defer { Self.kill(holder) }
        #expect(try scene.coord(["task", "claim", task, "--pid", String(holder.pid)], as: "alice").status == 0)
        #expect(try scene.coord(["task", "renew", task], as: "alice").status == 0)
        // Renewed, still bound to a live process: still taken.
        #expect(try scene.coord(["task", "claim", task], as: "bob").status == ExitStatus.conflict)
        let claim = try #require(try scene.taskRecords("claim").first)
        let host = try #require(claim["host"]?.stringValue)
        let started = try #require(Self.int(claim["started"]))
        let line = #"{"actor":"carol","at":"2026-11-21T08:59:30.000Z","event":"claim","expires":"2026-11-21T11:00:00.000Z","#
            + #""host":"\#(host)","id":"handclaim","pid":\#(holder.pid),"started":\#(started + 1),"task":"\#(task)","#
            + #""token":40,"ttl":7230,"v":1}"# + "\n"
        scene.board.appendRaw("tasks.jsonl", Array(line.utf8))
        let taken = try scene.coord(["task", "claim", task], as: "bob")
        #expect(taken.status == 0, "\(taken.standardError)")
        #expect(LockScene.claimedToken(taken.standardOutput).map { $0 > 40 } == true)
        #expect(try scene.taskRecords("release").last?["reason"]?.stringValue == "holder process ended")
    }

    @Test func coordRunBindsTheLockToItselfSoKillingItFreesThePathAtOnce() throws {
        let scene = try LockScene()
        let pidFile = scene.root + "/child.pid"
        let run = try scene.start(["run", "--lock", "build", "--quiet", "--", "/bin/sh", "-c",
                                   "echo $$ > \(pidFile); exec sleep 300"], as: "ci")
        try scene.waitUntil("the command started") { FileBytes.read(pidFile)?.last == UInt8(ascii: "\n") }
        let acquire = try #require(try scene.records("acquire").first)
        #expect(Self.int(acquire["pid"]) == Int64(run.pid))
        #expect(try scene.coord(["lock", "build/out", "--intent", "x"], as: "bob").status == ExitStatus.conflict)
        run.signal(SIGKILL)
        _ = run.wait()
        let taken = try scene.coord(["lock", "build/out", "--intent", "x"], as: "bob")
        #expect(taken.status == 0, "\(taken.standardError)")
        #expect(try scene.records("break").first?["reason"]?.stringValue == "holder process ended")
        let text = String(decoding: FileBytes.read(pidFile) ?? [], as: UTF8.self)
        if let child = Int32(text.dropLast()) {
            #expect(Eventually.wait { !RunParentDeathTests.isRunning(child) })
            if RunParentDeathTests.isRunning(child) { Glibc.kill(child, SIGKILL) }
        }
    }

    @Test func theHooksLetAnEndedHolderGoAndWriteNothing() throws {
        let scene = try HookScene()
        #expect(try CoordBinary.run(["hook", "install", "--git"], in: scene.root).status == 0)
        let holder = try Self.sleeper()
        #expect(try scene.locks.coord(["lock", "src/", "--intent", "refactor", "--pid", String(holder.pid)], as: "alice").status == 0)
        let event = try scene.event("Edit", file: "src/a.swift")
        let live = try scene.preEdit(event, as: "bob")
        #expect(live.standardOutput.contains("\"deny\""), "a live holder still blocks: \(live.standardOutput)")
        try scene.write("src/a.swift")
        try scene.git(["add", "src/a.swift"], as: "bob")
        #expect(try scene.commit("blocked", as: "bob").status != 0)

        Self.kill(holder)
        let journal = scene.locks.board.contents("locks.jsonl")
        let ended = try scene.preEdit(event, as: "bob")
        #expect(ended.status == 0)
        #expect(ended.standardOutput.isEmpty, "the edit is allowed silently: \(ended.standardOutput)")
        let commit = try scene.commit("allowed", as: "bob")
        #expect(commit.status == 0, "\(commit.standardError)")
        #expect(scene.locks.board.contents("locks.jsonl") == journal, "the hooks write nothing")
    }

    @Test func theObserverSaysTheHolderProcessEnded() throws {
        let script = try ObserverFindingsEndToEndTests.Script()
        _ = try script.observe(at: "09:00")
        let holder = try Self.sleeper()
        try script.run("alice", at: "09:00", ["lock", "src/auth/", "--intent", "token refresh", "--pid", String(holder.pid)])
        #expect(try script.observe(at: "09:05").problems("expired-lock").isEmpty, "a live holder")
        Self.kill(holder)
        let pass = try script.observe(at: "09:10")
        #expect(pass.problems("expired-lock").map(\.summary)
            == ["lock on src/auth by alice (token 1) is free without a release: holder process ended"])
    }

    @Test func coordPIDNoneBindsNothing() throws {
        let scene = try LockScene()
        let holder = try Self.sleeper()
        defer { Self.kill(holder) }
        let environment = LockScene.environment("alice", at: "09:00:00").merging(["COORD_PID": "none"]) { $1 }
        #expect(try CoordBinary.run(["lock", "src/", "--intent", "x"], in: scene.root, environment: environment).status == 0)
        #expect(try scene.records("acquire").first?["pid"] == nil)
        // --pid still binds when given.
        #expect(try CoordBinary.run(["lock", "docs/", "--intent", "x", "--pid", String(holder.pid)], in: scene.root,
                                    environment: environment).status == 0)
        #expect(Self.int(try scene.records("acquire").last?["pid"]) == Int64(holder.pid))
    }

    @Test func aBadOrEndedPidIsRefusedInOneSentence() throws {
        let scene = try LockScene()
        let bad = try scene.coord(["lock", "src/", "--intent", "x", "--pid", "12ab"], as: "alice")
        #expect(bad.status != 0)
        #expect(bad.standardError == "coord: --pid takes a process id (a positive whole number such as 4242), not '12ab'.\n")
        let ended = try Self.sleeper()
        Self.kill(ended)
        let gone = try scene.coord(["task", "claim", "--next", "--pid", String(ended.pid)], as: "alice")
        #expect(gone.status != 0)
        #expect(gone.standardError.hasPrefix("coord: Process \(ended.pid) (--pid) is not running"))
        #expect(scene.board.contents("locks.jsonl") ?? "" == "")
    }
}

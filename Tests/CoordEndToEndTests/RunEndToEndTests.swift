import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

@Suite struct RunEndToEndTests {
    @Test func releasesWhenTheCommandFailsAndPassesOnItsStatus() throws {
        let scene = try LockScene()
        let result = try scene.coord(["run", "--lock", "build/", "--intent", "release build", "--", "/bin/sh", "-c", "exit 7"],
                                     as: "ci")
        #expect(result.status == 7)
        #expect(try scene.live().isEmpty)
        #expect(try scene.records("release").count == 1)
        let bulletin = scene.board.contents("BULLETIN.md") ?? ""
        #expect(bulletin.contains("- [09:00] ci: locked build (until 11:00): release build <!-- coord -->\n"))
        #expect(bulletin.contains("- [09:00] ci: unlocked build (held 0s; /bin/sh exited 7) <!-- coord -->\n"))
    }

    @Test func releasesWhenTheCommandIsKilledAndReports128PlusTheSignal() throws {
        let scene = try LockScene()
        let result = try scene.coord(["run", "--lock", "build", "--quiet", "--", "sh", "-c", "kill -TERM $$"], as: "ci")
        #expect(result.status == 128 + SIGTERM)
        #expect(try scene.live().isEmpty)
        #expect(scene.board.contents("BULLETIN.md")?.contains("ci:") == false, "--quiet posts nothing")
    }

    @Test func runsNothingWhenThePathIsHeld() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "build/", "--intent", "manual build"], as: "alice").status == 0)
        let result = try scene.coord(["run", "--lock", "build/out", "--", "touch", "ran"], as: "ci")
        #expect(result.status == ExitStatus.conflict)
        #expect(result.standardError.contains("alice"))
        #expect(scene.file("ran") == nil)
    }

    @Test func theCommandSeesItsFencingTokenAndNoShell() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["lock", "other", "--intent", "x"], as: "alice").status == 0)
        let result = try scene.coord(["run", "--lock", "t", "--", "sh", "-c", "echo \"$COORD_LOCK_TOKEN\" > token; echo $1", "sh", "a b;*"],
                                     as: "ci")
        #expect(result.status == 0)
        #expect(result.standardOutput == "a b;*\n", "arguments reach the command unchanged")
        #expect(scene.file("token") == "2\n")
    }

    @Test func aMissingCommandExits127AndReleases() throws {
        let scene = try LockScene()
        let result = try scene.coord(["run", "--lock", "x", "--", "no-such-command-here"], as: "ci")
        #expect(result.status == 127)
        #expect(result.standardError.contains("could not start 'no-such-command-here'"))
        #expect(try scene.live().isEmpty)
    }

    @Test func forwardsSIGTERMToTheCommandAndReleases() throws {
        let scene = try LockScene()
        let run = try scene.start(["run", "--lock", "deploy/", "--", "sh", "-c",
                                   "trap 'exit 42' TERM; touch ready; while :; do sleep 0.05; done"], as: "ci")
        try scene.waitUntil("the command started") { scene.file("ready") != nil }
        run.signal(SIGTERM)
        let result = run.wait()
        #expect(result.status == 42, "the command's own status: \(result.standardError)")
        #expect(try scene.live().isEmpty)
    }

    @Test func renewsWhileTheCommandRuns() throws {
        let scene = try LockScene()
        // A 2s TTL renews every second; the command outlives one period.
        let result = try scene.coord(["run", "--lock", "slow", "--ttl", "2s", "--quiet", "--", "sleep", "2"], as: "ci")
        #expect(result.status == 0)
        #expect(try scene.records("renew").count >= 1)
        #expect(try scene.records("release").count == 1)
    }

    /// coord run binds its lock to its own process: killed, its lock goes to the next taker at once
    /// (ProcessBoundHolderTests); with COORD_PID=none it is an ordinary lease that expires.
    @Test func aKilledUnboundCoordLeavesTheLockToExpire() throws {
        let scene = try LockScene()
        let run = try CoordBinary.start(["run", "--lock", "k", "--ttl", "1m", "--quiet", "--", "sh", "-c", "echo $$ > child.pid; exec sleep 60"],
                                        in: scene.root,
                                        environment: LockScene.environment("ci", at: "09:00:00").merging(["COORD_PID": "none"]) { $1 })
        try scene.waitUntil("the command started") { scene.file("child.pid")?.hasSuffix("\n") == true }
        run.signal(SIGKILL)
        #expect(run.wait().signal == SIGKILL)
        if let pid = Int32(scene.file("child.pid")?.dropLast() ?? "") { kill(pid, SIGKILL) }
        #expect(try scene.coord(["lock", "k", "--intent", "next"], as: "bob", at: "09:01:29").status == ExitStatus.conflict)
        let later = try scene.coord(["lock", "k", "--intent", "next"], as: "bob", at: "09:01:30")
        #expect(later.status == 0)
        #expect(later.standardOutput.hasPrefix("locked k (token 2)"))
    }
}

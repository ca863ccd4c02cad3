import CoordStorage
import CoordTestSupport
import CoordinationKit
import Glibc
import Testing

@Suite struct FollowEndToEndTests {
    let environment = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]

    @Test func followPrintsNewEntriesAndEndsCleanlyOnSIGINT() throws {
        let board = try TemporaryBoard()
        #expect(try CoordBinary.run(["post", "already there"], in: board.root, environment: environment).status == 0)
        let follower = try CoordBinary.start(["read", "--follow", "--json"], in: board.root, environment: environment)
        defer { follower.signal(SIGKILL); _ = follower.wait() }

        // The existing entry first; then entries posted while it waits.
        #expect(Waiting.until { follower.outputSoFar.contains("already there") }, "\(follower.outputSoFar)")
        #expect(try CoordBinary.run(["post", "new\nentry"], in: board.root, environment: environment).status == 0)
        #expect(Waiting.until { follower.outputSoFar.contains(#""message":"new\nentry""#) }, "\(follower.outputSoFar)")
        #expect(try CoordBinary.run(["post", "--as", "other", "and another"], in: board.root, environment: environment).status == 0)
        #expect(Waiting.until { follower.outputSoFar.contains("and another") }, "\(follower.outputSoFar)")

        follower.signal(SIGINT)
        let result = follower.wait()
        #expect(result.signal == nil)
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let entries = try JSONLines.objects(result.standardOutput)
        #expect(entries.compactMap { $0.string("message") } == ["already there", "new\nentry", "and another"])
    }

    @Test func followAppliesTheFilters() throws {
        let board = try TemporaryBoard()
        let follower = try CoordBinary.start(["read", "--follow", "--agent", "ci", "--grep", "DEPLOY"], in: board.root,
                                             environment: environment)
        defer { follower.signal(SIGKILL); _ = follower.wait() }
        // Each post lands before the follower starts watching or after: either way
        // only the matching ones may be shown.
        for message in ["noise", "deploy started", "other noise", "deploy done"] {
            let agent = message.contains("deploy") ? "ci" : "bob"
            #expect(try CoordBinary.run(["post", message, "--as", agent], in: board.root, environment: environment).status == 0)
        }
        #expect(Waiting.until { follower.outputSoFar.contains("deploy done") }, "\(follower.outputSoFar)")
        follower.signal(SIGINT)
        let result = follower.wait()
        #expect(result.status == 0)
        #expect(!result.standardOutput.contains("noise"))
        #expect(result.standardOutput.contains("- [09:30] ci: deploy done"))
    }
}

@Suite struct HelpEndToEndTests {
    @Test(arguments: [["--help"], ["post", "--help"], ["read", "--help"], ["init", "--help"], ["doctor", "--help"]])
    func helpExplainsAndShowsExamples(_ arguments: [String]) throws {
        let scratch = try TemporaryBoard(initialise: false)
        let result = try CoordBinary.run(arguments, in: scratch.root)
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("USAGE: coord"))
        #expect(result.standardOutput.contains(arguments.count == 1 ? "SUBCOMMANDS:" : "Example"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreGenerated(_ shell: String) throws {
        let scratch = try TemporaryBoard(initialise: false)
        let result = try CoordBinary.run(["--generate-completion-script", shell], in: scratch.root)
        #expect(result.status == 0, "\(result.standardError)")
        for word in ["post", "read", "init", "doctor", "since", "workspace"] {
            #expect(result.standardOutput.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test func theBashCompletionScriptLoadsInBash() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let script = try CoordBinary.run(["--generate-completion-script", "bash"], in: scratch.root)
        FileBytes.write(scratch.root + "/coord.bash", Array(script.standardOutput.utf8))
        let check = try Subprocess.run(["/bin/bash", "-c", "source ./coord.bash && complete -p coord"], directory: scratch.root)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("coord"))
    }
}

/// The executable, not the library, blocks SIGINT/SIGTERM for a command that
/// waits; the wait then ends cleanly on either, with nothing written midway.
@Suite struct WaitSignalEndToEndTests {
    let environment = ["COORD_NOW": "2026-11-21T09:30:00Z"]

    @Test func lockWaitEndsOnSIGINTWithNothingLocked() throws {
        let board = try TemporaryBoard()
        var holder = environment
        holder["COORD_AGENT"] = "alice"
        #expect(try CoordBinary.run(["lock", "src/auth", "--intent", "refresh"], in: board.root, environment: holder).status == 0)
        var waiter = environment
        waiter["COORD_AGENT"] = "bob"
        let waiting = try CoordBinary.start(["lock", "src/auth", "--intent", "next", "--wait", "1h"], in: board.root,
                                            environment: waiter)
        defer { waiting.signal(SIGKILL); _ = waiting.wait() }
        // The first attempt's refusal is recorded after the signals are held and before the wait.
        let journal = board.root + "/.coordination/locks.jsonl"
        #expect(Waiting.until { String(decoding: FileBytes.read(journal) ?? [], as: UTF8.self).contains(#""event":"refuse""#) })

        waiting.signal(SIGINT)
        let result = waiting.wait()
        #expect(result.signal == nil, "a held SIGINT ends the wait through its signalfd, not by killing coord")
        #expect(result.status == 128 + SIGINT)
        #expect(result.standardError.contains("nothing was locked"), "\(result.standardError)")
        let locks = try CoordBinary.run(["locks", "--json"], in: board.root, environment: waiter)
        #expect(locks.standardOutput.contains(#""holder" : "alice""#), "\(locks.standardOutput)")
        #expect(!locks.standardOutput.contains(#""bob""#))
    }
}

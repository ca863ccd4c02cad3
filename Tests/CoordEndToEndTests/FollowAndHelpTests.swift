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

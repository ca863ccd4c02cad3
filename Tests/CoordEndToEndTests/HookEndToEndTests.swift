import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord hook pre-edit` fed real PreToolUse events, and `coord hook
/// pre-commit` run by real git, through the built binary.
@Suite struct HookEndToEndTests {
    /// The decision and reason of a pre-edit answer, or nil when it printed nothing.
    static func decision(_ result: ProcessResult) throws -> (decision: String, reason: String)? {
        guard !result.standardOutput.isEmpty else { return nil }
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        guard case .object(let specific) = document["hookSpecificOutput"] else { return nil }
        #expect(specific["hookEventName"] == .string("PreToolUse"))
        return (specific["permissionDecision"]?.stringValue ?? "", specific["permissionDecisionReason"]?.stringValue ?? "")
    }

    @Test(arguments: ["Edit", "Write", "MultiEdit"])
    func anEditOfAFileAnotherAgentHoldsIsDenied(tool: String) throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", "src/auth/", "--intent", "token refresh"], as: "alice").status == 0)
        let result = try scene.preEdit(try scene.event(tool, file: "src/auth/login.swift"), as: "bob")
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty, "\(result.standardError)")
        let answer = try #require(try Self.decision(result))
        #expect(answer.decision == "deny")
        #expect(
            answer.reason.contains(
                "src/auth/login.swift is under alice's lock on src/auth (token 1) since 09:00 until 11:00 (1h30m left): token refresh"))
        #expect(answer.reason.contains("coord post \"@alice may I edit src/auth/login.swift? (I am bob)\""))
        #expect(answer.reason.contains("coord check src/auth/login.swift"))
    }

    @Test func ownLocksFreePathsAndOtherToolsAreAllowedSilently() throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", "src/auth/", "--intent", "token refresh"], as: "alice").status == 0)
        for (event, agent) in [
            (try scene.event("Edit", file: "src/auth/login.swift"), "alice"),  // her own lock
            (try scene.event("Edit", file: "src/billing/pay.swift"), "bob"),  // free
            (try scene.event("Read", file: "src/auth/login.swift"), "bob"),  // reading is not editing
            (#"{"tool_name":"Bash","tool_input":{"command":"make"}}"#, "bob"),
        ] {
            let result = try scene.preEdit(event, as: agent)
            #expect(
                result.status == 0 && result.standardOutput.isEmpty && result.standardError.isEmpty,
                "\(event): \(result.standardOutput) \(result.standardError)")
        }
        // After alice's lease and grace, the file is free for bob.
        #expect(
            try scene.preEdit(try scene.event("Edit", file: "src/auth/login.swift"), as: "bob", at: "11:00:30")
                .standardOutput.isEmpty)
    }

    @Test func aNotebookEditIsCheckedByItsNotebookPath() throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", "notebooks/eval.ipynb", "--intent", "rerun"], as: "alice").status == 0)
        let result = try scene.preEdit(try scene.event("NotebookEdit", file: "notebooks/eval.ipynb", key: "notebook_path"), as: "bob")
        #expect(try Self.decision(result)?.decision == "deny")
    }

    @Test(arguments: [
        ("", "standard input is empty, not a hook event"),
        ("{not json", "standard input is not a JSON object"),
        (#"{"tool_input":{"file_path":"/x"}}"#, "the event has no \"tool_name\" string"),
        (#"{"tool_name":"Edit","tool_input":{}}"#, "the Edit event's tool_input has no \"file_path\" string"),
    ])
    func malformedInputAllowsAndWarns(input: String, warning: String) throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", ".", "--intent", "everything"], as: "alice").status == 0)
        let result = try scene.preEdit(input, as: "bob")
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "coord: warning: \(warning); allowing the edit.\n")
    }

    @Test func theConfigTurnsTheRefusalIntoAQuestionOrAWarning() throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", "src/", "--intent", "refactor"], as: "alice").status == 0)
        let event = try scene.event("Write", file: "src/new.swift")
        #expect(try scene.locks.coord(["config", "set", "hooks.pre-edit", "ask"], as: "lead").status == 0)
        #expect(try Self.decision(try scene.preEdit(event, as: "bob"))?.decision == "ask")
        #expect(try scene.locks.coord(["config", "set", "hooks.pre-edit", "warn"], as: "lead").status == 0)
        let warned = try scene.preEdit(event, as: "bob")
        #expect(warned.standardOutput.isEmpty)
        #expect(warned.standardError.hasPrefix("coord: warning: coord: src/new.swift is under alice's lock on src"))
    }

    @Test func aDamagedBoardAllowsTheEditAndWarns() throws {
        let scene = try HookScene()
        FileBytes.write(scene.locks.board.path("config.json"), Array("[1,2]".utf8))
        let result = try scene.preEdit(try scene.event("Edit", file: "a.swift"), as: "bob")
        #expect(result.status == 0 && result.standardOutput.isEmpty)
        #expect(result.standardError.contains("config.json' is damaged"))
        #expect(result.standardError.hasSuffix("Allowing the edit.\n"))
    }

    // MARK: pre-commit

    @Test func theCommitGuardBlocksLockedPathsRenamesIncludedAndAllowsTheRest() throws {
        let scene = try HookScene()
        try scene.write("src/auth/login.swift")
        try scene.write("lib/token.swift")
        try scene.write("docs/readme.md")
        try scene.git(["add", "src", "lib", "docs"])
        #expect(try scene.commit("start", as: "lead").status == 0)
        let install = try CoordBinary.run(["hook", "install", "--git"], in: scene.root)
        #expect(install.status == 0, "\(install.standardError)")
        #expect(install.standardOutput == "installed \(scene.root)/.git/hooks/pre-commit\n")
        #expect(try scene.locks.coord(["lock", "src/auth/", "--intent", "token refresh"], as: "alice").status == 0)

        // An edit under alice's lock is refused for bob, with the holder named.
        try scene.write("src/auth/login.swift", "changed\n")
        try scene.git(["add", "src/auth/login.swift"])
        let refused = try scene.commit("bob edits login", as: "bob")
        #expect(refused.status != 0)
        #expect(refused.standardError.contains("src/auth/login.swift is under alice's lock on src/auth (token 1)"))
        #expect(refused.standardError.contains("Commit refused: a staged path is locked by someone other than bob."))
        // alice commits the same change freely.
        #expect(try scene.commit("alice edits login", as: "alice").status == 0)

        // A rename into the locked folder touches it.
        try scene.git(["mv", "lib/token.swift", "src/auth/token.swift"])
        let renamed = try scene.commit("bob moves token", as: "bob")
        #expect(renamed.status != 0)
        #expect(renamed.standardError.contains("src/auth/token.swift is under alice's lock on src/auth"))
        try scene.git(["reset", "-q", "--hard"])

        // Elsewhere is free.
        try scene.write("docs/readme.md", "more\n")
        try scene.git(["add", "docs/readme.md"])
        let free = try scene.commit("bob edits docs", as: "bob")
        #expect(free.status == 0, "\(free.standardError)")
        #expect(try scene.git(["rev-list", "--count", "HEAD"]).standardOutput == "3\n")
    }

    @Test func thePreCommitCommandExitsWithTheConflictStatus() throws {
        let scene = try HookScene()
        #expect(try scene.locks.coord(["lock", "db/", "--intent", "migration"], as: "alice").status == 0)
        try scene.write("db/schema.sql")
        try scene.git(["add", "db/schema.sql"])
        let result = try CoordBinary.run(["hook", "pre-commit"], in: scene.root, environment: LockScene.environment("bob", at: "09:30:00"))
        #expect(result.status == ExitStatus.conflict)
        #expect(result.standardError.contains("db/schema.sql is under alice's lock on db"))
        #expect(try scene.locks.coord(["config", "set", "hooks.pre-commit", "warn"], as: "lead").status == 0)
        let warned = try CoordBinary.run(["hook", "pre-commit"], in: scene.root, environment: LockScene.environment("bob", at: "09:30:00"))
        #expect(warned.status == 0)
        #expect(warned.standardError.contains("Warning (hooks.pre-commit is warn)"))
    }

    @Test func installHonoursHooksPathAndNeverOverwritesWithoutForce() throws {
        let scene = try HookScene()
        try scene.git(["config", "core.hooksPath", ".githooks"])
        let first = try CoordBinary.run(["hook", "install", "--git"], in: scene.root)
        #expect(first.standardOutput == "installed \(scene.root)/.githooks/pre-commit\n", "\(first.standardError)")
        #expect(
            FileBytes.read(scene.root + "/.githooks/pre-commit").map { String(decoding: $0, as: UTF8.self) }?
                .contains("hook pre-commit") == true)
        #expect(!FileBytes.exists(scene.root + "/.git/hooks/pre-commit"))

        FileBytes.write(scene.root + "/.githooks/pre-commit", Array("#!/bin/sh\necho mine\n".utf8))
        let again = try CoordBinary.run(["hook", "install", "--git"], in: scene.root)
        #expect(again.status == ExitStatus.refused)
        #expect(again.standardError.contains("A pre-commit hook already exists at '\(scene.root)/.githooks/pre-commit'"))
        #expect(FileBytes.read(scene.root + "/.githooks/pre-commit") == Array("#!/bin/sh\necho mine\n".utf8))
        let forced = try CoordBinary.run(["hook", "install", "--git", "--force"], in: scene.root)
        #expect(forced.standardOutput == "replaced \(scene.root)/.githooks/pre-commit\n")
    }
}

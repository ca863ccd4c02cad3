import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing

extension ScriptedBoard {
    /// Runs `git ARGS` in the board's workspace root, committing as `author` at
    /// local time `time` when given, so every hash is the same on every run.
    @discardableResult
    func git(_ arguments: [String], author: String = "Lead", time: String = "2026-11-20T08:00") throws -> ProcessResult {
        let stamp = time + ":00" + Self.zone
        let result = try Subprocess.run(["git", "-C", board.root] + arguments, environment: [
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": author.lowercased().replacing(" ", with: ".") + "@example.com",
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "ci@example.com",
            "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": board.root,
        ])
        #expect(result.status == 0, "git \(arguments) failed: \(result.standardError)")
        return result
    }

    /// Writes `file` (relative to the workspace root) and commits it.
    func commit(_ file: String, _ message: String, author: String, at time: String) throws {
        let path = board.root + "/" + file
        try Subprocess.run(["/bin/mkdir", "-p", String(path[..<path.lastIndex(of: "/")!])])
        FileBytes.append(path, Array("\(message)\n".utf8))
        try git(["add", file])
        try git(["commit", "-q", "-m", message], author: author, time: time)
    }

    /// Two workers, a lock, a decision and five commits: one per way of attributing
    /// a commit, one into another agent's lock, one nobody can claim.
    static func gitDay() throws -> ScriptedBoard {
        let s = try ScriptedBoard()
        try s.git(["init", "-q", "-b", "main"])
        try s.run("2026-11-20T08:05", "lead", ["launch", "--workers", "2", "--domains", "backend,frontend", "--goal", "Ship login v2"])
        try s.run("2026-11-20T08:10", "lead", ["decide", "Sessions are JWTs signed with Ed25519",
                                                "--context", "session format", "--rationale", "stateless"])
        let (backend, frontend) = ("worker-1-backend", "worker-2-frontend")
        try s.run("2026-11-20T09:00", backend, ["lock", "src/auth/", "--intent", "token signing", "--ttl", "2h"])
        try s.run("2026-11-20T09:05", frontend, ["worker", "update", "--files", "web/login.tsx", "--completed", "login form"])
        try s.commit("src/auth/jwt.swift", "Sign session tokens with Ed25519 (ADR-001)\n\nCoord-Agent: \(backend)",
                     author: "Alice Example", at: "2026-11-20T09:30")
        try s.commit("web/login.tsx", "Login form posts to /login", author: frontend, at: "2026-11-20T09:40")
        try s.commit("web/login.css", "Style the login form", author: "Bob", at: "2026-11-20T09:45")
        try s.commit("web/login.tsx", "Retry the refresh once", author: "Bob", at: "2026-11-20T09:46")
        try s.commit("src/auth/session.swift", "Keep the session in a cookie\n\nCoord-Agent: \(frontend)",
                     author: "Carol", at: "2026-11-20T09:50")
        try s.commit("README.md", "Describe the login flow", author: "Dana", at: "2026-11-20T10:00")
        try s.run("2026-11-20T10:30", backend, ["unlock", "src/auth/"])
        try s.commit("src/auth/keys.swift", "Load keys from the vault\n\nCoord-Agent: \(backend)",
                     author: "Alice Example", at: "2026-11-21T09:00")  // the next day: outside the report
        return s
    }
}

/// `coord synthesize` in a git repository: the day's commits read with a real
/// `git log`, attributed to workers, checked against locks and decisions.
@Suite struct SynthesisGitTests {
    @Test func commitsAreAttributedFlaggedAndLinked() throws {
        let s = try ScriptedBoard.gitDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-20T18:00")
        #expect(result.status == 0, "\(result.standardError)")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        let commits = try #require(report.git?.commits)
        #expect(commits.map { "\($0.subject) → \($0.attributedTo ?? "-") by \($0.attributedBy ?? "-")" } == [
            "Sign session tokens with Ed25519 (ADR-001) → backend by trailer",
            "Login form posts to /login → frontend by author",
            "Style the login form → - by -",
            "Retry the refresh once → frontend by files",
            "Keep the session in a cookie → frontend by trailer",
            "Describe the login flow → - by -",
        ])
        #expect(commits[0].decisions == ["ADR-001"] && commits[0].intoLocks.isEmpty)
        #expect(commits[4].intoLocks.map { "\($0.file) in \($0.lock) of \($0.holder)" } == [
            "src/auth/session.swift in src/auth of worker-1-backend",
        ])
        #expect(commits.filter { !$0.intoLocks.isEmpty }.count == 1)
        #expect(report.headline.contains("Git: 6 commits, 4 attributed; 1 changed a path another agent held locked."))
    }

    @Test func theReportListsCommitsUnderTheirWorker() throws {
        let s = try ScriptedBoard.gitDay()
        let result = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-20T18:00")
        #expect(result.status == 0, "\(result.standardError)")
        if let mismatch = GoldenFile.mismatch(result.standardOutput, name: "synthesis/git-day.md") { Issue.record("\(mismatch)") }
        let backend = try #require(section("### backend", in: result.standardOutput))
        #expect(backend.contains("Sign session tokens with Ed25519 (ADR-001) (cites ADR-001)"))
        let frontend = try #require(section("### frontend", in: result.standardOutput))
        #expect(frontend.contains("**changed `src/auth/session.swift` while worker-1-backend held `src/auth` locked**"))
        #expect(result.standardOutput.contains("Cited by `"))
    }

    @Test func aBoardOutsideGitHasNoCommitSection() throws {
        let s = try ScriptedBoard()
        try s.post("2026-11-20T09:00", "lead", "Starting the day")
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-20T18:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.git == nil)
        #expect(!(try s.synthesize(["--date", "2026-11-20"], now: "2026-11-20T18:00").standardOutput.contains("## Commits")))
    }

    @Test func trailerNamesTheActingAgent() throws {
        let s = try ScriptedBoard()
        let result = try s.run("2026-11-20T09:00", "worker-1-backend", ["trailer"])
        #expect(result.standardOutput == "Coord-Agent: worker-1-backend\n")
        let named = try s.run("2026-11-20T09:00", "lead", ["trailer", "--as", "release-bot"])
        #expect(named.standardOutput == "Coord-Agent: release-bot\n")
    }

    /// The text from `heading` to the next heading of the same level.
    private func section(_ heading: String, in text: String) -> String? {
        guard let start = text.firstRange(of: heading + " ") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.firstRange(of: "\n### ")?.lowerBound ?? rest.firstRange(of: "\n## ")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}

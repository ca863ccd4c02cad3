import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// The real pre-commit framework (from PyPI; .ci/run installs it into
/// .build/pre-commit-venv) running coord's hook as users add it: by reference
/// to a repository holding this package's `.pre-commit-hooks.yaml`.
@Suite(.enabled(if: PreCommitFramework.isInstalled, "pre-commit is not installed in .build/pre-commit-venv (.ci/run installs it)"))
struct PreCommitFrameworkTests {
    @Test func theFrameworkRunsCoordsHookFromPreCommitHooksYaml() throws {
        let scene = try HookScene()
        let cache = scene.root + "/.cache-pre-commit"
        let framework = ["PRE_COMMIT_HOME": cache, "XDG_CACHE_HOME": cache]

        // A hooks repository holding this package's .pre-commit-hooks.yaml, committed.
        let hooksRepository = scene.root + "/coord-hooks"
        try Subprocess.run(["/bin/mkdir", "-p", hooksRepository])
        FileBytes.write(hooksRepository + "/.pre-commit-hooks.yaml", try #require(FileBytes.read(PreCommitFramework.hooksFile)))
        try scene.git(["-C", hooksRepository, "init", "-q", "-b", "main"])
        try scene.git(["-C", hooksRepository, "add", ".pre-commit-hooks.yaml"])
        #expect(try scene.git(["-C", hooksRepository, "commit", "-q", "-m", "hooks"]).status == 0)
        let revision = try scene.git(["-C", hooksRepository, "rev-parse", "HEAD"]).standardOutput.filter { !$0.isNewline }

        // The project: its config references the hooks repository, as users write it.
        try scene.write(
            ".pre-commit-config.yaml",
            """
            repos:
              - repo: \(hooksRepository)
                rev: \(revision)
                hooks:
                  - id: coord-locks

            """)
        try scene.write(".gitignore", "/coord-hooks/\n/.cache-pre-commit/\n")
        try scene.write("src/auth/login.swift")
        try scene.write("docs/readme.md")
        try scene.git(["add", ".pre-commit-config.yaml", ".gitignore", "src", "docs"])
        #expect(try scene.commit("start", as: "lead").status == 0)
        let installed = try Subprocess.run(
            [PreCommitFramework.executable, "install"], environment: scene.environment(framework),
            directory: scene.root)
        #expect(installed.status == 0, "\(installed.standardOutput) \(installed.standardError)")

        #expect(try scene.locks.coord(["lock", "src/auth/", "--intent", "token refresh"], as: "alice").status == 0)
        try scene.write("src/auth/login.swift", "changed\n")
        try scene.git(["add", "src/auth/login.swift"])
        let refused = try scene.git(["commit", "-q", "-m", "bob edits login"], as: "bob", extra: framework)
        #expect(refused.status != 0, "the framework let a commit of a locked path through")
        let output = refused.standardOutput + refused.standardError
        #expect(output.contains("coord locks"), "\(output)")
        #expect(output.contains("src/auth/login.swift is under alice's lock on src/auth (token 1)"), "\(output)")

        let holder = try scene.git(["commit", "-q", "-m", "alice edits login"], as: "alice", extra: framework)
        #expect(holder.status == 0, "\(holder.standardOutput) \(holder.standardError)")
        try scene.write("docs/readme.md", "more\n")
        try scene.git(["add", "docs/readme.md"])
        let free = try scene.git(["commit", "-q", "-m", "bob edits docs"], as: "bob", extra: framework)
        #expect(free.status == 0, "\(free.standardOutput) \(free.standardError)")
        #expect(try scene.git(["rev-list", "--count", "HEAD"]).standardOutput == "3\n")
    }
}

enum PreCommitFramework {
    static var packageRoot: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/CoordEndToEndTests/PreCommitFrameworkTests.swift
        return parts.joined(separator: "/")
    }

    static var executable: String {
        ProcessInfo.processInfo.environment["PRE_COMMIT"] ?? packageRoot + "/.build/pre-commit-venv/bin/pre-commit"
    }

    static var hooksFile: String { packageRoot + "/.pre-commit-hooks.yaml" }

    static var isInstalled: Bool { FileBytes.exists(executable) }
}

import CoordStorage

/// `coord hook install --git`: writes the repository's `pre-commit` hook, in
/// the folder git runs hooks from (`core.hooksPath` when set).
public enum GitHookInstaller {
    /// What `install` did.
    public struct Installed: Sendable, Equatable {
        public var path: String
        /// True when an existing hook was replaced (`--force`).
        public var replaced: Bool

        /// The confirmation `coord hook install` prints: `installed PATH` or `replaced PATH`.
        public var text: String { "\(replaced ? "replaced" : "installed") \(path)" }
    }

    /// The hook's text: runs this coord binary (or `coord` from PATH when it has moved).
    public static func script(coordPath: String) -> String {
        let quoted = "'" + coordPath.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        return """
            #!/bin/sh
            # coord pre-commit hook (coord hook install --git): refuses a commit that
            # stages paths another agent has locked on the board. Set COORD_AGENT to
            # your agent name; override once with: git commit --no-verify
            coord=\(quoted)
            [ -x "$coord" ] || coord=coord
            [ -z "${COORD:-}" ] || coord="$COORD"
            exec "$coord" hook pre-commit

            """
    }

    /// Installs the hook for the repository around `directory`; refuses to
    /// replace a hook that exists unless `force`.
    public static func install(in directory: String, coordPath: String, force: Bool) throws -> Installed {
        var folder = try StagedChanges.git(["rev-parse", "--git-path", "hooks"], in: directory)
        if !folder.hasPrefix("/") { folder = Workspace.normalise(Workspace.join(directory, folder)) }
        let path = Workspace.join(folder, "pre-commit")
        let exists = SystemCall.status(ofPath: path) != nil
        if exists && !force {
            throw CoordError(
                .invalidInput,
                "A pre-commit hook already exists at '\(path)'; add coord hook pre-commit to it by hand, or pass --force to replace it.",
                exitStatus: ExitStatus.refused)
        }
        try HookFile.write(script(coordPath: coordPath), named: "pre-commit", in: folder)
        return Installed(path: path, replaced: exists)
    }
}

import CoordStorage
import FoundationEssentials

/// `coord hook pre-commit`: the staged paths checked against the locks other agents hold.
public struct CommitGuard: Sendable {
    public let workspace: Workspace
    public let settings: BoardSettings

    public init(_ workspace: Workspace, settings: BoardSettings) {
        self.workspace = workspace
        self.settings = settings
    }

    /// What the guard found.
    public struct Verdict: Sendable, Equatable {
        public var check: Locks.Check
        /// True when the commit must be refused (conflicts, and `hooks.pre-commit` is `block`).
        public var blocks: Bool
        /// One line per staged path in the way, then what to do.
        public var lines: [String]
    }

    /// Checks `staged` for `agent`.
    public func check(_ staged: StagedChanges, for agent: AgentName) throws -> Verdict {
        let paths = try staged.paths.map {
            try WorkspacePath.lockPath(of: Workspace.join(staged.top, $0), from: staged.top, in: workspace)
        }
        let locks = Locks(workspace, settings: settings.lockSettings)
        let check = try locks.check(paths, for: agent)
        guard !check.conflicts.isEmpty else { return Verdict(check: check, blocks: false, lines: []) }
        var lines = check.conflicts.map {
            LockText.describe($0, zone: workspace.timeZone, now: check.now, grace: locks.settings.grace)
        }
        let holders = Array(Set(check.conflicts.map(\.held.holder))).sorted().map { "@" + $0 }.joined(separator: " ")
        let blocks = settings.preCommitBlocks
        lines.append(
            (blocks ? "Commit refused" : "Warning (hooks.pre-commit is warn)")
                + ": \(check.conflicts.count == 1 ? "a staged path is" : "\(check.conflicts.count) staged paths are") "
                + "locked by someone other than \(agent.rawValue). Unstage them (git restore --staged PATH), ask with "
                + "coord post \"\(holders) …\" and commit after coord check passes, or override once with git commit --no-verify.")
        return Verdict(check: check, blocks: blocks, lines: lines)
    }
}

import ArgumentParser

/// `coord hook …`: the guards that make editors and commits respect locks.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Guards for coding agents and git: refuse an edit or a commit on a path someone else holds.",
        discussion: """
            'hook pre-edit' answers a coding agent's PreToolUse hook (JSON on standard
            input, a permissionDecision on standard output). 'hook pre-commit' checks the
            staged paths, renames included, and exits 3 when another agent holds one.
            'hook install --git' writes the repository's pre-commit hook (honouring
            core.hooksPath). docs/hooks.md has copy-paste configurations for agents, git
            and the pre-commit framework. Each agent runs with COORD_AGENT set to its name,
            so its own locks never block it.

            Examples:
              coord hook install --git
              echo '{"tool_name":"Edit","tool_input":{"file_path":"src/a.swift"}}' | coord hook pre-edit
              coord config set hooks.pre-edit ask
            """,
        subcommands: [HookPreEditCommand.self, HookPreCommitCommand.self, HookInstallCommand.self]
    )
}

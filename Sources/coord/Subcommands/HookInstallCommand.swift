import ArgumentParser
import CoordStorage
import CoordinationKit

struct HookInstallCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install coord's git pre-commit hook in this repository.",
        discussion: """
            Writes 'pre-commit' in the folder git runs hooks from: core.hooksPath when set,
            else .git/hooks. The hook runs this coord binary ('coord' from PATH if it has
            moved, or $COORD) with 'hook pre-commit'. An existing hook is never replaced
            without --force (exit 4); to keep it, add 'coord hook pre-commit' to it instead.
            For coding agents, see docs/hooks.md (their hooks are configured in their settings).

            Examples:
              coord hook install --git
              coord hook install --git --force
            """
    )

    @Flag(help: "Install the git pre-commit hook (the default, and for now the only target).")
    var git = false

    @Flag(help: "Replace an existing pre-commit hook.")
    var force = false

    func execute(in context: CommandContext) throws {
        let installed = try GitHookInstaller.install(in: context.environment.currentDirectory,
                                                     coordPath: ProcessIO.executablePath ?? "coord", force: force)
        context.print(installed.text)
    }
}

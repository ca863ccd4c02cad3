import ArgumentParser
import CoordStorage
import CoordinationKit

struct CheckCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Exit 0 when paths are free or yours, 3 when someone else holds them.",
        discussion: """
            Made for pre-commit hooks and scripts: checks each PATH against every lock,
            including locks on folders above or below it. Prints the locks in the way
            (holder, since, until, intent); with --quiet, prints only those.

            Examples:
              coord check src/auth/login.swift
              git diff --cached --name-only -z | xargs -0 coord check --quiet
            See Examples/pre-commit-hook.sh for a complete hook.
            """
    )

    @Argument(help: ArgumentHelp("The paths you are about to change.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Print only the paths held by someone else.")
    var quiet = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one path to check, for example: coord check src/auth/login.swift.") }
    }

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board, at: moment)
        let check = try context.locks(workspace).check(targets, for: try context.agent(board))
        let presenter = LockPresenter(workspace)
        if output.json {
            try context.printJSON(LockResultDocument(ok: check.isClear, now: presenter.now, locks: check.own.map(presenter.view),
                                                     conflicts: presenter.views(check.conflicts)))
        } else {
            for conflict in check.conflicts { context.print(presenter.describe(conflict)) }
            if !quiet {
                for path in check.paths where !check.conflicts.contains(where: { $0.requested == path }) {
                    if let own = check.own.first(where: { $0.path.overlaps(path) }) {
                        context.print("\(path): yours (token \(own.token), until \(LockText.clock(own.expires, zone: presenter.zone, now: presenter.now)))")
                    } else {
                        context.print("\(path): free")
                    }
                }
            }
        }
        if !check.isClear { throw ExitCode(ExitStatus.conflict) }
    }
}

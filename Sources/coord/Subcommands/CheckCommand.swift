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

    var invocation: CheckInvocation { CheckInvocation(paths: paths, quiet: quiet, at: moment.at, board: board.choice, json: output.json) }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

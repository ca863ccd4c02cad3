import ArgumentParser
import CoordStorage
import CoordinationKit

struct LocksCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "locks",
        abstract: "Show who holds which paths, until when, and why.",
        discussion: """
            Lists the locks that block others now, with their remaining time. A lock past
            its expiry but inside its 30s grace is shown as expired and still blocks.
            --all shows recent history instead: every grant with how it ended (released,
            broken with the reason, or expired).

            Examples:
              coord locks
              coord locks --all --limit 50
              coord locks --json | jq -r '.locks[] | "\\(.path) \\(.holder)"'
            """
    )

    @Flag(help: "Show recent history: released, broken and expired locks as well.")
    var all = false

    @Option(help: ArgumentHelp("With --all, at most N grants, the most recent.", valueName: "N"))
    var limit: Int = 50

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit takes a positive number, not \(limit).") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let locks = try context.locks(workspace)
        let report = LockReport(workspace, settings: locks.settings)
        if all {
            let history = try locks.history(limit: limit)
            if output.json { return try context.printJSON(report.history(history)) }
            context.print(report.historyText(history))
        } else {
            let current = try locks.current().grants
            if output.json { return try context.printJSON(report.current(current)) }
            context.print(report.currentText(current))
        }
    }
}

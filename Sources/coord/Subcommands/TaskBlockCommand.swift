import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskBlockCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Mark a task as blocked by something outside the queue.",
        discussion: """
            A blocked task is not ready until 'coord task unblock'. Anyone can block an
            unclaimed task; a claimed one only its claimant (the claim ends).

            Example:
              coord task block T-003 --reason "needs the staging database"
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @Option(help: ArgumentHelp("What it waits for (posted and kept in the history).", valueName: "TEXT"))
    var reason: String

    @OptionGroup var change: TaskChangeOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        try context.applyTaskChange(.block(reason: reason), to: id, printing: "blocked", change: change, board: board, output: output)
    }
}

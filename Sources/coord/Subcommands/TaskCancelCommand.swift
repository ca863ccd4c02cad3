import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskCancelCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a task that will not be done.",
        discussion: """
            Anyone can cancel an unclaimed task; a claimed one only its claimant. Tasks that
            come after a cancelled task can never become ready: unlink them or cancel them
            too ('coord observe' reports them).

            Example:
              coord task cancel T-003 --reason "superseded by T-009"
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @Option(help: ArgumentHelp("Why (posted and kept in the history).", valueName: "TEXT"))
    var reason: String

    @OptionGroup var change: TaskChangeOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        try context.applyTaskChange(.cancel(reason: reason), to: id, printing: "cancelled", change: change, board: board, output: output)
    }
}

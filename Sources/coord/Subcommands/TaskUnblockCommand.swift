import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskUnblockCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock",
        abstract: "Lift a block: the task is open again.",
        discussion: """
            Example:
              coord task unblock T-003
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @OptionGroup var change: TaskChangeOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        try context.applyTaskChange(.unblock, to: id, printing: "unblocked", change: change, board: board, output: output)
    }
}

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
        let workspace = try context.workspace(board)
        let task = try context.tasks(workspace).apply(.unblock, to: id, fence: change.fence, as: try context.agent(board),
                                                      announce: !change.quiet)
        try context.printTaskChange("unblocked", task, in: workspace, json: output.json)
    }
}

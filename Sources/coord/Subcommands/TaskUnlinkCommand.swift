import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskUnlinkCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlink",
        abstract: "Drop dependencies of a task.",
        discussion: """
            Example:
              coord task unlink T-004 --after T-007
            """
    )

    @Argument(help: ArgumentHelp("The task whose dependencies change.", valueName: "T-NNN"))
    var id: String

    @OptionGroup var dependencies: TaskDependencyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if dependencies.after.isEmpty { throw ValidationError("Name the dependencies with --after, for example: coord task unlink T-004 --after T-007.") }
    }

    func execute(in context: CommandContext) throws {
        try context.changeDependencies(board: board, output: output) { tasks, agent in
            try tasks.unlink(id, after: dependencies.after, as: agent, announce: !dependencies.quiet,
                           key: try dependencies.idempotency.value)
        }
    }
}

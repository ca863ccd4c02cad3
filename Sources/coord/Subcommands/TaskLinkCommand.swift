import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskLinkCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "link",
        abstract: "Make a task wait on others as well (refusing cycles).",
        discussion: """
            Adds the tasks named by --after to the dependencies of T-NNN. A link that would
            close a cycle is refused (exit 4) and the cycle is printed, for example
            T-004 → T-007 → T-004; an unknown id exits 5.

            Example:
              coord task link T-004 --after T-007
            """
    )

    @Argument(help: ArgumentHelp("The task whose dependencies change.", valueName: "T-NNN"))
    var id: String

    @OptionGroup var dependencies: TaskDependencyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if dependencies.after.isEmpty { throw ValidationError("Name the dependencies with --after, for example: coord task link T-004 --after T-007.") }
    }

    func execute(in context: CommandContext) throws {
        try context.changeDependencies(board: board, output: output) { tasks, agent in
            try tasks.link(id, after: dependencies.after, as: agent, announce: !dependencies.quiet,
                           key: try dependencies.idempotency.value)
        }
    }
}

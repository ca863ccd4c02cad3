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

    @Option(parsing: .singleValue, help: ArgumentHelp("The dependencies (comma-separated or repeated).", valueName: "T-NNN"))
    var after: [String] = []

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if after.isEmpty { throw ValidationError("Name the dependencies with --after, for example: coord task link T-004 --after T-007.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let task = try context.tasks(workspace).link(id, after: after, as: try context.agent(board), announce: !quiet)
        if output.json { return try context.printJSON(try context.tasks(workspace).show(task.id)) }
        context.print("\(task.id) comes after " + (task.after.isEmpty ? "nothing" : task.after.joined(separator: ", ")))
    }
}

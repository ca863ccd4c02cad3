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

    @Option(parsing: .singleValue, help: ArgumentHelp("The dependencies (comma-separated or repeated).", valueName: "T-NNN"))
    var after: [String] = []

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if after.isEmpty { throw ValidationError("Name the dependencies with --after, for example: coord task unlink T-004 --after T-007.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let task = try context.tasks(workspace).unlink(id, after: after, as: try context.agent(board), announce: !quiet)
        if output.json { return try context.printJSON(try context.tasks(workspace).show(task.id)) }
        context.print("\(task.id) comes after " + (task.after.isEmpty ? "nothing" : task.after.joined(separator: ", ")))
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskShowCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one task in full, with its history.",
        discussion: """
            --json prints a versioned document: {"version":2,"now":…,"task":{…},"history":[…]},
            the history being the task's records from tasks.jsonl, oldest first.

            Example:
              coord task show T-003
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let document = try context.tasks(workspace).show(id)
        if output.json { return try context.printJSON(document) }
        context.print(TaskText.full(document, zone: workspace.timeZone, now: workspace.clock.now()))
    }
}

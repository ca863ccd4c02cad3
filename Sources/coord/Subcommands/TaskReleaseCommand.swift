import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskReleaseCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Give a task you claimed back to the queue.",
        discussion: """
            Only the claimant can release (exit 4 otherwise). The task is ready again for
            others; locks the claim took are released.

            Example:
              coord task release T-003
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @OptionGroup var change: TaskChangeOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        try context.applyTaskChange(.release, to: id, printing: "released", change: change, board: board, output: output)
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskDoneCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark the task you claimed as done; its dependents become ready.",
        discussion: """
            Only the claimant can finish a task (exit 4 otherwise). With --fence N, a claim
            that no longer carries token N (it ran out and was taken over) is refused, so a
            paused agent cannot finish work someone else now owns. Locks the claim took are
            released. Posts one bulletin line unless --quiet.

            Example:
              coord task done T-003 --note "merged in #12" --fence 7
            """
    )

    @Argument(help: ArgumentHelp("The task.", valueName: "T-NNN"))
    var id: String

    @Option(help: ArgumentHelp("What came of it (posted and kept in the history).", valueName: "TEXT"))
    var note: String?

    @OptionGroup var change: TaskChangeOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        try context.applyTaskChange(.done(note: note), to: id, printing: "done", change: change, board: board, output: output)
    }
}

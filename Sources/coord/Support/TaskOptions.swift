import ArgumentParser
import CoordStorage
import CoordinationKit

/// Options of every command that changes one task's state.
struct TaskChangeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Refuse unless your claim still carries this fencing token (what 'task claim' printed).",
                               valueName: "N"))
    var fence: Int64?

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false
}

extension CommandContext {
    /// The board's task queue.
    func tasks(_ workspace: Workspace) -> Tasks { Tasks(workspace) }

    /// Prints the task after a change: `--json` as `task show` has it, else one line.
    func printTaskChange(_ verb: String, _ task: WorkTask, in workspace: Workspace, json: Bool) throws {
        if json { return try printJSON(try tasks(workspace).show(task.id)) }
        print("\(verb) \(task.id): \(task.title)")
    }
}

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

    @OptionGroup var idempotency: KeyOptions
}

/// Options of `task link` and `task unlink`.
struct TaskDependencyOptions: ParsableArguments {
    @Option(parsing: .singleValue, help: ArgumentHelp("The dependencies (comma-separated or repeated).", valueName: "T-NNN"))
    var after: [String] = []

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    @OptionGroup var idempotency: KeyOptions
}

extension CommandContext {
    /// The board's task queue.
    func tasks(_ workspace: Workspace) -> Tasks { Tasks(workspace) }

    /// The body of `task done|release|block|unblock|cancel`: applies `transition` to
    /// task `id` as the caller, then prints the task (`--json` as `task show` has it,
    /// else "`verb` T-NNN: title").
    func applyTaskChange(_ transition: Tasks.Transition, to id: String, printing verb: String,
                         change: TaskChangeOptions, board: BoardOptions, output: OutputOptions) throws {
        let workspace = try workspace(board)
        let task = try tasks(workspace).apply(transition, to: id, fence: change.fence, as: try agent(board), announce: !change.quiet,
                                                key: try change.idempotency.value)
        if output.json { return try printJSON(try tasks(workspace).show(task.id)) }
        print("\(verb) \(task.id): \(task.title)")
    }

    /// The body of `task link|unlink`: `relink` changes the dependencies as the
    /// caller, then the task is printed (`--json` as `task show` has it, else
    /// "T-NNN comes after …").
    func changeDependencies(board: BoardOptions, output: OutputOptions,
                            _ relink: (Tasks, AgentName) throws -> WorkTask) throws {
        let workspace = try workspace(board)
        let task = try relink(tasks(workspace), try agent(board))
        if output.json { return try printJSON(try tasks(workspace).show(task.id)) }
        print(TaskText.dependencies(task))
    }
}

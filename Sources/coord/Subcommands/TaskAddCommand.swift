import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskAddCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a task to the queue and print its id.",
        discussion: """
            Prints the new id (T-001 and up; unique however many agents add at once).
            --after names tasks that must be done first; an unknown id is refused (exit 5),
            and so is a dependency that would close a cycle (exit 4, the cycle is printed).
            Priority 0 is the most urgent, 3 the least (default 2). --due takes a date,
            a date-time or a duration from now (2h, 1d).

            Examples:
              coord task add "write the parser" --priority 1 --paths src/parser/ --domain backend
              coord task add "wire the parser in" --after T-001,T-004 --due 2026-11-21T17:00
            """
    )

    @Argument(help: ArgumentHelp("What is to be done, in a few words.", valueName: "title"))
    var title: String

    @Option(help: ArgumentHelp("Details, links, acceptance criteria.", valueName: "TEXT"))
    var body: String?

    @Option(parsing: .singleValue, help: ArgumentHelp("Tasks that must be done first (comma-separated or repeated).", valueName: "T-NNN"))
    var after: [String] = []

    @Option(help: ArgumentHelp("0 (most urgent) to 3 (default 2).", valueName: "N"))
    var priority = 2

    @Option(help: ArgumentHelp("When it should be done: 2026-11-21T17:00, 2026-11-22 or a duration from now (4h).", valueName: "TIME"))
    var due: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("The files or folders it touches ('task claim --lock' locks them).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("The worker domain it belongs to ('task claim --next --domain D' picks from it).", valueName: "D"))
    var domain: String?

    @Option(parsing: .singleValue, help: ArgumentHelp("A tag (repeat or comma-separate).", valueName: "TAG"))
    var tag: [String] = []

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let tasks = context.tasks(workspace)
        let dueDate = try due.map(tasks.dueDate(from:))
        let draft = TaskDraft(title: title, body: body, after: after, priority: priority, due: dueDate, paths: paths,
                              domain: domain, tags: tag)
        let task = try tasks.add(draft, as: try context.agent(board), announce: !quiet, key: try idempotency.value)
        if output.json { return try context.printJSON(try tasks.show(task.id)) }
        context.print(task.id)
    }
}

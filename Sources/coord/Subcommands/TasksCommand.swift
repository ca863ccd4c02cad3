import ArgumentParser
import CoordStorage
import CoordinationKit

struct TasksCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List the task queue: what is ready, who holds what.",
        discussion: """
            Lists every task in id order with its status: ready (open, every dependency
            done, nobody holds it), waiting (a dependency is not done), claimed, done,
            blocked or cancelled. --ready lists only ready tasks, best first: lowest
            priority number, then earliest due time, then the oldest. --json prints a
            versioned document: {"version":2,"now":…,"tasks":[…]}, instants in RFC 3339 UTC.

            Examples:
              coord tasks --ready
              coord tasks --mine
              coord tasks --status blocked --json
            """
    )

    @Flag(help: "Only ready tasks, best first.")
    var ready = false

    @Flag(help: "Only tasks you hold a claim on.")
    var mine = false

    @Option(help: ArgumentHelp("Only tasks in this status: ready, waiting, claimed, done, blocked, cancelled.", valueName: "S"))
    var status: TaskStatus?

    @Option(help: ArgumentHelp("Only tasks of this domain.", valueName: "D"))
    var domain: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    var invocation: TasksInvocation {
        TasksInvocation(ready: ready, mine: mine, status: status, domain: domain, board: board.choice, json: output.json)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

extension TaskStatus: ExpressibleByArgument {}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct WorkerDoneCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record a worker's final report: complete, or exited unfinished.",
        discussion: """
            The worker's status becomes complete (or exited with --unfinished, for a
            session that stops before the goal is met, so another can resume it). Posts
            one line to the bulletin. A complete worker takes no more updates unless they
            pass --reopen.

            Examples:
              coord worker done --report "auth endpoints merged (PR #12)"
              coord worker done --unfinished \\
                --report "refresh tokens half done; see branch auth-refresh"
            """
    )

    @Argument(help: ArgumentHelp("The worker's domain (default: the worker whose agent is $COORD_AGENT).", valueName: "domain"),
              completion: LiveCompletion.workerDomains)
    var domain: String?

    @Option(help: ArgumentHelp("What was delivered, where it is, and what is left.", valueName: "TEXT"))
    var report: String

    @Flag(help: "Stop before the goal is met: the status becomes exited instead of complete.")
    var unfinished = false

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let workers = Workers(workspace)
        let domain = try workers.resolve(domain, for: agent)
        let record = try workers.done(domain, report: report, unfinished: unfinished, as: agent, key: try idempotency.value)
        try context.printRecorded(domain, record, json: output.json)
    }
}

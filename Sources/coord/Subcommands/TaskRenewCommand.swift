import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskRenewCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend your claim on a task (and the locks it took).",
        discussion: """
            Moves the claim's expiry to now plus --ttl (default: the claim's own TTL); the
            fencing token stays. Only the claimant can renew (exit 4 otherwise).

            Example:
              coord task renew T-003 --ttl 1h
            """
    )

    @Argument(help: ArgumentHelp("The task you hold.", valueName: "T-NNN"))
    var id: String

    @Option(help: ArgumentHelp("How long from now: 90s, 45m, 2h.", valueName: "DURATION"))
    var ttl: String?

    @Option(help: ArgumentHelp("Refuse unless your claim still carries this fencing token.", valueName: "N"))
    var fence: Int64?

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { try LockTimingOptions.validateDuration(ttl, flag: "--ttl") }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let tasks = context.tasks(workspace)
        let claimed = try tasks.renew(id, ttl: ttl.flatMap(DurationText.seconds(in:)), fence: fence, as: try context.agent(board),
                                       key: try idempotency.value)
        if output.json { return try context.printJSON(try tasks.show(claimed.task.id)) }
        context.print(TaskText.renewed(claimed, zone: workspace.timeZone, now: workspace.clock.now()))
    }
}

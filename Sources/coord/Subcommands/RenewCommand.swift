import ArgumentParser
import CoordStorage
import CoordinationKit

struct RenewCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "renew",
        abstract: "Extend your locks (all of them, or the paths named).",
        discussion: """
            Moves the expiry of your locks to now plus --ttl (default: each lock's own
            TTL), keeping their fencing tokens. Only the holder can renew (anyone else:
            exit 4). A lock whose expiry and grace have passed cannot be renewed (exit 5):
            lock it again, and you get a new token. Renewals post nothing to the bulletin.

            Examples:
              coord renew
              coord renew src/auth/ --ttl 1h
            """
    )

    @Argument(help: ArgumentHelp("The paths to renew (default: every lock you hold).", valueName: "path"), completion: LiveCompletion.heldPaths)
    var paths: [String] = []

    @Option(help: ArgumentHelp("The new time to live from now: 90s, 45m, 2h (default: the lock's own).", valueName: "DURATION"))
    var ttl: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let ttl, DurationText.seconds(in: ttl) == nil {
            throw ValidationError("--ttl takes a duration such as 90s, 45m or 2h, not '\(ttl)'.")
        }
    }

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board)
        let renewed = try context.locks(workspace).renew(targets, by: try context.agent(board),
                                                 ttl: ttl.flatMap(DurationText.seconds(in:)))
        let presenter = LockPresenter(workspace)
        if output.json {
            return try context.printJSON(LockResultDocument(ok: true, now: presenter.now, locks: renewed.map(presenter.view),
                                                            conflicts: []))
        }
        for grant in renewed { context.print(presenter.line("renewed", grant)) }
        if renewed.isEmpty { context.print("You hold no locks.") }
    }
}

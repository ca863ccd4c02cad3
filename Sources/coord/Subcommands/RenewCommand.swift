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

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws { try LockTimingOptions.validateDuration(ttl, flag: "--ttl") }

    var invocation: RenewInvocation { RenewInvocation(paths: paths, ttl: ttl, board: board.choice, json: output.json, key: idempotency.key) }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

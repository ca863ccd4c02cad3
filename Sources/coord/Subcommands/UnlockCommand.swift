import ArgumentParser
import CoordStorage
import CoordinationKit

struct UnlockCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Release your locks (or, with --force, break someone else's).",
        discussion: """
            Releases each PATH you hold, all or none. Only the holder can unlock: anyone
            else is refused (exit 4) and told who holds it. A path nobody holds exits 5,
            which also tells you when your own lock ran out while you worked.

            --force --reason TEXT breaks another agent's lock. The break is recorded in
            the journal with the displaced holder and the reason, and posted to the
            bulletin.

            Examples:
              coord unlock src/auth/
              coord unlock --all
              coord unlock src/db/ --force --reason "migration agent crashed at 14:10"
            """
    )

    @Argument(help: ArgumentHelp("The paths to release, as you locked them.", valueName: "path"), completion: LiveCompletion.heldPaths)
    var paths: [String] = []

    @Flag(help: "Release every lock you hold.")
    var all = false

    @Flag(help: "Break the lock even if someone else holds it (needs --reason).")
    var force = false

    @Option(help: ArgumentHelp("Why you break the lock (recorded and posted).", valueName: "TEXT"))
    var reason: String?

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.isEmpty && !all { throw ValidationError("Name the paths to unlock, or pass --all to release every lock you hold.") }
        if !paths.isEmpty && all { throw ValidationError("Pass either paths or --all, not both.") }
        if force && all { throw ValidationError("--force breaks named locks only; name the paths to break.") }
        if force && reason == nil { throw ValidationError("--force needs --reason TEXT saying why the lock is broken; it is recorded and posted.") }
        if reason != nil && !force { throw ValidationError("--reason goes with --force; your own locks need no reason.") }
    }

    var invocation: UnlockInvocation {
        UnlockInvocation(paths: paths, all: all, force: force, reason: reason, quiet: quiet, board: board.choice, json: output.json,
                         key: idempotency.key)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

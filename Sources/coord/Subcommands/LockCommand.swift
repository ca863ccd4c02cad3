import ArgumentParser
import CoordStorage
import CoordinationKit

struct LockCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "lock",
        abstract: "Lock paths so others work elsewhere (all of them or none).",
        discussion: """
            Grants every PATH to you, or none of them when another agent holds any of them
            or a folder above or below. Paths are names compared after normalisation (./,
            //, a trailing / and Unicode form do not matter), so src/ covers src/a.swift.
            Locking a path you already hold renews it. A lock expires on its own after
            --ttl (default 2h) plus 30s of grace, so a crashed agent blocks nobody for
            long; renew it with 'coord renew' or let 'coord run' do that for you. With
            --pid (or $COORD_PID) the lock is bound to that process: once it ends, the
            next agent to lock the path on this host takes it over at once.

            Prints the fencing token (it grows with every grant) and the expiry. When a
            path is held by someone else, prints who, since and until when, and why, and
            exits 3 without locking anything.

            Examples:
              coord lock src/auth/ --intent "token refresh"
              coord lock docs/api.md README.md --intent "release notes" --ttl 30m
              coord lock src/db/ --intent "schema migration" --wait 10m
              coord lock src/api/ --intent "endpoints" --pid $PPID
            """
    )

    @Argument(help: ArgumentHelp("The files or folders to lock.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("What you are doing there, in a few words (shown to everyone who is blocked).",
                               valueName: "TEXT"))
    var intent: String

    @OptionGroup var timing: LockTimingOptions
    @OptionGroup var binding: ProcessBindingOptions
    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one path to lock, for example: coord lock src/auth/ --intent \"refactor\".") }
    }

    var invocation: LockInvocation {
        LockInvocation(paths: paths, intent: intent, ttl: timing.ttl, wait: timing.wait, quiet: timing.quiet, board: board.choice,
                       json: output.json, key: idempotency.key, pid: binding.pid)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct TaskClaimCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Claim a task (or the best ready one) for yourself, as a lease.",
        discussion: """
            Exactly one of any number of racing claimers wins. The others exit 3 and are
            told who holds the task. --next claims the best ready task: lowest priority
            number, then earliest due time, then the oldest; when nothing is ready it exits 6
            (a damaged board exits 1, so a script never mistakes one for the other).

            Prints the task and the claim's fencing token: pass it to 'task done --fence N'
            so a claimant whose lease ran out and was taken over is refused. The claim lasts
            --ttl (default 2h) plus 30s of grace; renew it with 'coord task renew'. --lock
            also locks the task's paths under the same token, in the same step: when any
            path is held by someone else nothing is claimed or locked (exit 3). With --pid
            (or $COORD_PID) the claim and its locks are bound to that process: once it
            ends, the next claimant on this host takes the task over at once.

            Examples:
              coord task claim --next
              coord task claim --next --domain backend --ttl 45m --lock
              coord task claim T-003
            """
    )

    @Argument(help: ArgumentHelp("The task to claim (or use --next).", valueName: "T-NNN"))
    var id: String?

    @Flag(help: "Claim the best ready task.")
    var next = false

    @Option(help: ArgumentHelp("With --next: only tasks of this domain.", valueName: "D"))
    var domain: String?

    @Flag(help: "Also lock the task's paths under the claim's token (all or nothing).")
    var lock = false

    @OptionGroup var timing: LockTimingOptions
    @OptionGroup var binding: ProcessBindingOptions
    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (id == nil) == !next { throw ValidationError("Name one task to claim, or pass --next for the best ready one.") }
        if domain != nil && !next { throw ValidationError("--domain goes with --next; a named task is claimed whatever its domain.") }
        if timing.wait != nil { throw ValidationError("--wait is for locks; a claim either wins now or tells you who holds the task.") }
    }

    var invocation: TaskClaimInvocation {
        TaskClaimInvocation(id: id, domain: domain, ttl: timing.ttlSeconds, lock: lock, quiet: timing.quiet, board: board.choice,
                            json: output.json, key: idempotency.key, pid: binding.pid)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

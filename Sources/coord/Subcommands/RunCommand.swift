import ArgumentParser
import CoordStorage
import CoordinationKit

struct RunCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a command while holding locks; release them when it ends.",
        discussion: """
            Locks every --lock path (all or none), runs the command without a shell,
            renews the lock every third of its TTL while the command runs, and releases
            it when the command ends for any reason: success, failure or a signal.
            Exits with the command's status (128 + N when signal N ended it). SIGINT,
            SIGTERM and SIGHUP sent to coord are passed on to the command. If the lock
            cannot be had, nothing runs and coord exits 3. The lock is bound to coord's own
            process: if coord itself is killed, the lock is not released, but the next
            agent to lock the path on this host takes it over at once (on other hosts it
            expires at the end of its TTL). COORD_PID=none leaves it unbound.

            The command sees COORD_LOCK_TOKEN, the fencing token of its lock.

            Examples:
              coord run --lock src/db/ --intent "schema migration" -- make migrate
              coord run --lock docs/ --ttl 10m --wait 5m -- \\
                ./scripts/build-docs.sh --clean
            """
    )

    @Option(name: .customLong("lock"), help: ArgumentHelp("A path to hold while the command runs (repeatable).", valueName: "PATH"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("What the command does (default: the command line).", valueName: "TEXT"))
    var intent: String?

    @OptionGroup var timing: LockTimingOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command and its arguments, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if paths.isEmpty { throw ValidationError("Name at least one --lock PATH to hold while the command runs.") }
        if command.isEmpty { throw ValidationError("Give the command after --, for example: coord run --lock src/ -- make test.") }
    }

    func execute(in context: CommandContext) throws {
        let line = command.joined(separator: " ")
        let request = Locks.Request(paths: try paths.lockPaths(), holder: try context.agent(board),
                                    intent: intent ?? LockText.shortened("run: " + line, toBytes: 200), ttl: timing.ttlSeconds)
        let workspace = try context.workspace(board)
        ProcessIO.holdChildSignals()  // before anything is locked, so no signal ends coord between lock and release
        let outcome = try context.locks(workspace).run(command, request: request, wait: timing.waitSeconds, announce: !timing.quiet,
                                                       bindToSelf: context.bindsRunToItself) {
            context.printError("coord: \($0)")
        }
        switch outcome {
        case .conflict(let conflicts):
            try context.printRefusal(conflicts, LockReport(workspace), json: output.json)
            throw ExitCode(ExitStatus.conflict)
        case .finished(let status, _):
            if status != 0 { throw ExitCode(status) }
        }
    }
}

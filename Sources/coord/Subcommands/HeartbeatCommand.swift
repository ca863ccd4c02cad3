import ArgumentParser
import CoordStorage
import CoordinationKit

struct HeartbeatCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "heartbeat",
        abstract: "Tell the board you are alive during long silent work (moves your last-seen).",
        discussion: """
            Every command that writes to the board (post, lock, renew, worker update, task …)
            already moves your last-seen; heartbeat is for long work that writes nothing,
            such as a test run. coord status and coord workers show last-seen, and the
            observer calls an active worker stale only after it has been silent (no worker
            record, no write, no heartbeat) for workers.stale-after (default 2h; see
            coord config). Last-seen lives in .coordination/.state/seen/ on this machine.

            Examples:
              coord heartbeat
              coord heartbeat --note "running the full test suite"
              while make test-slow; do coord heartbeat; done
            """
    )

    @Option(help: ArgumentHelp("What you are doing, shown beside your last-seen.", valueName: "TEXT"))
    var note: String?

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let lastSeen = LastSeen(workspace)
        context.print(lastSeen.heartbeatText(agent, at: try lastSeen.heartbeat(agent, note: note)))
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct SyncCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Exchange records with the board's remote: others' bulletin lines, worker records and messages in, this host's out.",
        discussion: """
            Brings the lock, task, decision and message id journals up to the remote's,
            pushes the bulletin lines, worker records and inbox lines (messages, repeats,
            receipts) this host wrote since the last sync to its own ref, and appends
            every other host's new ones, each exactly once. Posting, worker updates and
            receipts never touch the network: they wait for the next sync (a send takes
            its message id on the remote, and its message travels here). Exit status 7 when the
            remote cannot be reached. With --watch, syncs every --interval until
            stopped, reporting failures and carrying on.

            Examples:
              coord sync
              coord sync --watch --interval 30s
            """
    )

    @Flag(help: "Sync again every --interval until stopped.")
    var watch = false
    @Option(help: ArgumentHelp("Time between syncs with --watch (default 30s).", valueName: "DURATION"))
    var interval: String?
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let interval, DurationText.seconds(in: interval).map({ $0 > 0 }) != true {
            throw ValidationError("The --interval '\(interval)' is not a duration; use a value such as 30s or 5m.")
        }
    }

    func execute(in context: CommandContext) throws {
        let sync = RemoteSync(try context.workspace(board))
        let seconds = interval.flatMap(DurationText.seconds(in:)) ?? 30
        while true {
            do {
                let report = try sync.sync()
                if output.json { try context.printJSONLine(report) } else { context.print(report.text) }
            } catch let error as CoordError where watch {
                context.printError(error.message)
            }
            guard watch else { return }
            ProcessIO.sleep(seconds: Double(seconds))
        }
    }
}

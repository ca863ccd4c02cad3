import ArgumentParser
import CoordStorage
import CoordinationKit

struct StatusCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Who is doing what, and what is stuck: one screen.",
        discussion: """
            Shows the goal and progress, each worker's status and the age of
            its last update (STALE when active but silent longer than
            --stale-after), live locks with holder, time left and intent, open
            blockers, decisions awaiting approval or acknowledgement, the
            latest bulletin entries and the observer's last pass. It fits in
            about 40 lines for 20 workers; a longer section ends with
            "+N more" and the command that shows the rest.

            Fast on any board: it reads the bulletin backwards and each
            journal's current state, never the whole history.

            Examples:
              coord status
              watch -n 30 coord status
              coord status --json | jq '.workers[] | select(.stale)'
            """
    )

    @Option(name: .customLong("stale-after"),
            help: ArgumentHelp("Mark active workers silent this long as STALE (default: the board's workers.stale-after, else 2h).",
                               valueName: "DURATION"))
    var staleAfter: String?

    @Option(help: ArgumentHelp("Show this many of the latest bulletin entries (0 to 50).", valueName: "N"))
    var entries: Int = 5

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let staleAfter {
            guard let seconds = DurationText.seconds(in: staleAfter), seconds > 0 else {
                throw ValidationError("--stale-after takes a duration such as 90m or 2h, not '\(staleAfter)'.")
            }
        }
        if entries < 0 || entries > 50 { throw ValidationError("--entries takes a number from 0 to 50, not \(entries).") }
    }

    var invocation: StatusInvocation {
        StatusInvocation(staleAfter: staleAfter, entries: entries, at: moment.at, board: board.choice, json: output.json)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

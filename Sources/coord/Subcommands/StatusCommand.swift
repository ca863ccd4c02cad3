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
            help: ArgumentHelp("Mark active workers silent this long as STALE.", valueName: "DURATION"))
    var staleAfter: String = DurationText.format(seconds: ObserverPolicy.defaultStaleAfter)

    @Option(help: ArgumentHelp("Show this many of the latest bulletin entries (0 to 50).", valueName: "N"))
    var entries: Int = 5

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let seconds = DurationText.seconds(in: staleAfter), seconds > 0 else {
            throw ValidationError("--stale-after takes a duration such as 90m or 2h, not '\(staleAfter)'.")
        }
        if entries < 0 || entries > 50 { throw ValidationError("--entries takes a number from 0 to 50, not \(entries).") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let status = BoardStatus(workspace, staleAfter: Double(DurationText.seconds(in: staleAfter) ?? ObserverPolicy.defaultStaleAfter),
                                 bulletinLimit: entries)
        let report = try status.report()
        if output.json {
            try context.printJSON(StatusDocument(report))
            return
        }
        let colour = context.useColour
        let width = max(StatusLayout.minimumWidth, context.environment.outputColumns() ?? StatusLayout.defaultWidth)
        let layout = StatusLayout(width: width, style: { text, emphasis in
            guard colour else { return text }
            let code: String
            switch emphasis {
            case .heading: code = "1"
            case .alert: code = "31"
            case .dim: code = "2"
            case .name: code = "36"
            }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        })
        context.print(layout.render(report).joined(separator: "\n"))
    }
}

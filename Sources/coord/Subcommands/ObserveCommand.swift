import ArgumentParser
import CoordStorage
import CoordinationKit

struct ObserveCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: "Run the meta-observer: report what changed and what is stuck, intervene only on blocking problems.",
        discussion: """
            One pass reads what changed since the previous pass (a cursor kept
            in .coordination/observer/) and reports new worker updates,
            discoveries and handoffs. It checks for problems: open blockers,
            stale workers, locks expired without a release or granted twice,
            stale holders of wanted locks, paths claimed by several workers at
            once (collision risk), decisions awaiting approval or
            acknowledgement, handoffs nobody picked up.

            It intervenes only on blocking problems: ONE bulletin line when one
            appears and one when it clears, never more while it persists. Each
            pass that found something appends to .coordination/observer/log.jsonl.
            It posts as 'observer' unless --as is given.

            Safe from cron: passes never overlap, and the exit status is 0
            unless the board cannot be read. With --watch it runs a pass
            whenever the board changes or the interval passes, sleeping at no
            CPU cost in between, until Ctrl-C or SIGTERM.

            Examples:
              coord observe
              coord observe --stale-after 4h --json
              coord observe --quiet        # only problems that opened or cleared
              coord observe --watch --interval 5m
              # crontab, every 2 hours:
              0 */2 * * * cd /srv/project && coord observe --quiet
            """
    )

    @Option(name: .customLong("stale-after"),
            help: ArgumentHelp("An active worker silent this long is stale; a handoff waiting this long is stuck (default: the board's workers.stale-after, else 2h).",
                               valueName: "DURATION"))
    var staleAfter: String?

    @Option(name: .customLong("urgent-after"),
            help: ArgumentHelp("An urgent message unread this long by a blocked or stale worker is a finding (default: 30m).",
                               valueName: "DURATION"))
    var urgentAfter: String?

    @Flag(help: "Print only problems that opened or cleared in this pass, and nothing when none did.")
    var quiet = false

    @Flag(help: "Keep running: a pass on every board change and every --interval, until SIGINT or SIGTERM.")
    var watch = false

    @Option(help: ArgumentHelp("With --watch, the longest wait between passes (default: 1m).", valueName: "DURATION"))
    var interval: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let staleAfter {
            guard let seconds = DurationText.seconds(in: staleAfter), seconds > 0 else {
                throw ValidationError("--stale-after takes a duration such as 90m or 2h, not '\(staleAfter)'.")
            }
        }
        if let interval {
            guard watch else { throw ValidationError("--interval only applies with --watch; add --watch or drop --interval.") }
            guard let seconds = DurationText.seconds(in: interval), seconds > 0 else {
                throw ValidationError("--interval takes a duration such as 30s or 5m, not '\(interval)'.")
            }
        }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try AgentName(board.agent ?? ObserverPolicy.defaultAgent)
        let threshold = try staleAfter.flatMap(DurationText.seconds(in:)) ?? BoardSettings.load(workspace).staleAfter
        var policy = ObserverPolicy(staleAfter: Double(threshold), agent: agent)
        if let urgentAfter {
            guard let seconds = DurationText.seconds(in: urgentAfter), seconds > 0 else {
                throw CoordError.invalidInput("--urgent-after takes a duration such as 30m or 2h, not '\(Escaping.escape(urgentAfter))'.")
            }
            policy.urgentAfter = Double(seconds)
        }
        let observer = Observer(workspace, policy: policy)
        guard watch else {
            try show(try observer.pass(), context: context, zone: workspace.timeZone, asLine: false)
            return
        }
        let seconds = interval.flatMap(DurationText.seconds(in:)) ?? 60
        ProcessIO.holdTerminationSignals()  // SIGINT/SIGTERM end the watch between passes, cleanly
        _ = try observer.watch(interval: Double(seconds)) { report in
            try show(report, context: context, zone: workspace.timeZone, asLine: true)
        }
    }

    private func show(_ report: ObserveReport, context: CommandContext, zone: BoardTimeZone, asLine: Bool) throws {
        for warning in report.warnings { context.printError("coord: warning: \(warning)") }
        if output.json {
            let document = ObserveDocument(report)
            if asLine { try context.printJSONLine(document) } else { try context.printJSON(document) }
            return
        }
        if let text = report.text(zone: zone, quiet: quiet, style: context.textStyle) { context.print(text) }
    }
}

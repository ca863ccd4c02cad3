import ArgumentParser
import CoordStorage
import CoordinationKit
import FoundationEssentials

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
        let policy = ObserverPolicy(staleAfter: Double(threshold), agent: agent)
        let observer = Observer(workspace, policy: policy)
        guard watch else {
            try show(try observer.pass(), context: context, zone: workspace.timeZone, asLine: false)
            return
        }
        let seconds = interval.flatMap(DurationText.seconds(in:)) ?? 60
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
        for line in ObserveText(report: report, zone: zone, quiet: quiet, style: context.style).lines() {
            context.print(line)
        }
    }
}

/// The text of one pass.
struct ObserveText {
    var report: ObserveReport
    var zone: BoardTimeZone
    var quiet: Bool
    var style: (String, String) -> String

    func lines() -> [String] {
        let shown = quiet ? report.problems.filter { $0.state != .open } : report.problems
        if quiet && shown.isEmpty { return [] }
        var lines: [String] = []
        if !quiet { lines.append(headline()) }
        for problem in shown {
            let state = pad(problem.state.rawValue, 8)
            let padded = pad(problem.finding.kind.label, 15)
            let label = problem.finding.isBlocking ? style(padded, "31;1") : padded
            let age = problem.state == .cleared ? "" : problem.finding.since.map { " (\(self.age(since: $0)))" } ?? ""
            let posted = problem.posted ? style(" [posted]", "2") : ""
            lines.append("  \(state) \(label) \(Escaping.escape(problem.finding.summary))\(age)\(posted)")
        }
        if !quiet {
            for event in report.events {
                lines.append("  event    \(pad(event.kind.label, 15)) \(Escaping.escape(event.summary))")
            }
        }
        return lines
    }

    private func headline() -> String {
        let local = zone.local(report.at)
        guard let previous = report.previousPass else {
            return "First observer pass at \(local.date) \(local.time): watching the board from here on; "
                + counts()
        }
        let since = zone.local(previous)
        let start = since.date == local.date ? since.time.description : "\(since.date) \(since.time)"
        return "Pass \(report.pass) at \(local.time) (previous \(start)): " + counts()
    }

    private func counts() -> String {
        let open = report.openProblems.count
        let new = report.newProblems.count
        let cleared = report.clearedProblems.count
        var parts = ["\(report.events.count) new \(report.events.count == 1 ? "event" : "events")",
                     "\(open) \(open == 1 ? "problem" : "problems") open" + (new > 0 ? " (\(new) new)" : "")]
        if cleared > 0 { parts.append("\(cleared) cleared") }
        let posts = report.posted.count
        parts.append(posts == 0 ? "no intervention" : "posted \(posts) bulletin \(posts == 1 ? "line" : "lines")")
        return parts.joined(separator: ", ") + "."
    }

    private func age(since date: Date) -> String {
        DurationText.format(seconds: Int64(report.at.timeIntervalSince(date).rounded(.down)))
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct SynthesizeCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "The end-of-day report: workers, what connects them, locks, timeline.",
        discussion: """
            Reads the bulletin, the workers, the lock and decision journals and
            the observer log for one day (default: today in the board's time
            zone) and prints one report: goal and progress, per worker, across
            workers, locks, a timeline by hour with routine lines folded away,
            and activity per agent. The same board gives the same bytes.

            A day report is also written to .coordination/synthesis/DATE.md
            (replaced atomically); --since reports are only printed, unless
            --out is given. With --out - the report is only printed, and
            nothing is written: a read of the board, safe on a read-only one.

            --via CMD pipes the report to CMD (run without a shell; words are
            split on spaces) and appends its answer as a "Narrative" section.
            If CMD fails or runs past --via-timeout, the report is still
            written and says why the narrative is missing.

            Examples:
              coord synthesize
              coord synthesize --date 2026-11-20 --json | jq .progress
              coord synthesize --since 3h
              coord synthesize --via "llm -m local-model" --via-timeout 5m
              coord synthesize --out ~/reports/today.md
              coord synthesize --date 2026-11-20 --out - | less
            """
    )

    @Option(help: ArgumentHelp("The day to report on (YYYY-MM-DD, in the board's time zone; default: today).", valueName: "DATE"))
    var date: String?

    @Option(help: ArgumentHelp("Report from this point until now instead of a day: 90m, 3h, 1d or an ISO date-time.",
                               valueName: "WHEN"))
    var since: String?

    @Option(help: ArgumentHelp("Write the report to FILE instead of .coordination/synthesis/ (JSON with --json); - prints it only.",
                               valueName: "FILE"), completion: .file())
    var out: String?

    @Option(help: ArgumentHelp("Pipe the report to CMD and append its answer as a Narrative section.", valueName: "CMD"))
    var via: String?

    @Option(name: .customLong("via-timeout"),
            help: ArgumentHelp("How long --via may take before it is stopped.", valueName: "DURATION"))
    var viaTimeout: String = "2m"

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if date != nil && since != nil {
            throw ValidationError("--date and --since choose different windows; give one of them.")
        }
        if let date, CivilDate(date) == nil {
            throw ValidationError("'\(date)' is not a date; use YYYY-MM-DD, for example 2026-11-20.")
        }
        if let via, ExternalCommand.words(via).isEmpty {
            throw ValidationError("--via needs a command, for example --via \"llm -m local-model\".")
        }
        guard let seconds = DurationText.seconds(in: viaTimeout), seconds > 0 else {
            throw ValidationError("'\(viaTimeout)' is not a duration for --via-timeout; use a form such as 90s or 5m.")
        }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let window: SynthesisWindow
        if let date = date.flatMap(CivilDate.init) {
            window = .day(date, in: workspace.timeZone)
        } else if let since {
            let now = workspace.clock.now()
            window = .since(try DurationText.since(since, now: now, zone: workspace.timeZone), now: now)
        } else {
            window = .today(workspace)
        }
        let synthesis = Synthesis(workspace)
        var report = try synthesis.report(for: window)
        var markdown = SynthesisMarkdown.render(report)
        // The deterministic report is on the board before any --via runs, so a
        // failing or hanging command never costs it.
        if out == nil { try synthesis.save(markdown, for: window) }

        if let via {
            let command = ExternalCommand(arguments: ExternalCommand.words(via),
                                          timeLimitSeconds: Double(DurationText.seconds(in: viaTimeout) ?? 120))
            let narrative = synthesis.narrative(for: markdown, via: command)
            report.narrative = narrative
            markdown = SynthesisMarkdown.render(report)
            if out == nil { try synthesis.save(markdown, for: window) }
            if let problem = narrative.problem { context.printError("coord: no narrative: \(problem)") }
        }

        let bytes = output.json ? try JSONView.document(report) : Array(markdown.utf8)
        if let out, out != "-" { try Synthesis.write(bytes, to: out, from: context.environment.currentDirectory) }
        context.emit(bytes)
    }
}

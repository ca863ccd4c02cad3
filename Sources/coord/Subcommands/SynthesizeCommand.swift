import ArgumentParser
import CoordStorage
import CoordinationKit

struct SynthesizeCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "The end-of-day report: headline, what needs you, then the detail.",
        discussion: """
            Reads the bulletin, the workers, the lock and decision journals, the
            observer log and, in a git repository, the commits, for one day
            (default: today in the board's time zone) and prints one report: a
            headline, "Needs you" with the command for each item, progress and
            decisions, per worker with its commits, across workers, locks, a
            Mermaid chart of the day, the timeline of what no other section
            tells, and activity per agent. Lists are capped ("and N more");
            --full lists everything and --json carries everything. The same
            board gives the same bytes.

            --week reports on the seven days ending with --date (or today), and
            --since/--until on any stretch, with a headline for each day.
            Commits carrying a `Coord-Agent:` trailer (see `coord trailer`) are
            attributed to that agent.

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
              coord synthesize --week
              coord synthesize --since 2026-11-16 --until 2026-11-18T18:00
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

    @Option(help: ArgumentHelp("With --since: end the report here instead of now (same forms as --since).",
                               valueName: "WHEN"))
    var until: String?

    @Flag(help: "Report on the seven days ending with --date (default: today), with a headline per day.")
    var week = false

    @Flag(help: "List every item instead of the first few of each list.")
    var full = false

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
        if week && since != nil {
            throw ValidationError("--week and --since choose different windows; give one of them.")
        }
        if until != nil && since == nil {
            throw ValidationError("--until ends a --since window; give --since too, for example --since 2026-11-16 --until 2026-11-18.")
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

    func run() throws {
        ProcessIO.ignoreBrokenPipes()  // git and --via may exit before reading all they are given
        try CommandRunner.run(execute(in:))
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let window: SynthesisWindow
        let zone = workspace.timeZone
        let now = workspace.clock.now()
        if week {
            window = .week(endingOn: date.flatMap(CivilDate.init) ?? zone.local(now).date, in: zone)
        } else if let date = date.flatMap(CivilDate.init) {
            window = .day(date, in: zone)
        } else if let since {
            let start = try DurationText.since(since, now: now, zone: zone)
            let end = try until.map { try DurationText.since($0, now: now, zone: zone) } ?? now
            guard end >= start else {
                throw CoordError.invalidInput("--until '\(until ?? "")' is before --since '\(since)'; give an end after the start.")
            }
            window = .since(start, now: end)
        } else {
            window = .today(workspace)
        }
        var synthesis = Synthesis(workspace)
        // Progress only for a person watching a terminal, never in JSON or a pipe.
        let progress = output.json ? nil : SynthesisProgress.terminal(context)
        if let progress { synthesis.progress = { @Sendable stage in progress.stage(stage) } }
        var report = try synthesis.report(for: window)
        progress?.finish()
        let caps: SynthesisMarkdown.Caps = full ? .full : .summary
        var markdown = SynthesisMarkdown.render(report, caps: caps)
        // The deterministic report is on the board before any --via runs, so a
        // failing or hanging command never costs it.
        if out == nil { try synthesis.save(markdown, for: window) }

        if let via {
            let command = ExternalCommand(arguments: ExternalCommand.words(via),
                                          timeLimitSeconds: Double(DurationText.seconds(in: viaTimeout) ?? 120),
                                          monotonic: context.environment.monotonic)
            let narrative = synthesis.narrative(for: markdown, via: command)
            report.narrative = narrative
            markdown = SynthesisMarkdown.render(report, caps: caps)
            if out == nil { try synthesis.save(markdown, for: window) }
            if let problem = narrative.problem { context.printError("coord: no narrative: \(problem)") }
        }

        let bytes = output.json ? try JSONView.document(report) : Array(markdown.utf8)
        if let out, out != "-" { try Synthesis.write(bytes, to: out, from: context.environment.currentDirectory) }
        context.emit(bytes)
    }
}

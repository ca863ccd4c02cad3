import ArgumentParser
import CoordStorage
import CoordinationKit

struct ReadCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print bulletin entries, oldest first.",
        discussion: """
            Reads from the end of the bulletin, so recent entries are fast whatever the
            size of the history. Filters combine; at most the last 100 entries are printed
            unless --limit says otherwise. Times are in the board's time zone.

            --json prints one object per line: v, time (ISO 8601 with offset), date,
            agent, message (exactly as posted) and by_hand (appended by something other
            than coord).

            Examples:
              coord read --since 2h
              coord read --date 2026-11-21 --agent nightly
              coord read --grep deploy --limit 5
              coord read --json --limit 20 | jq -r .message
              coord read --follow                 (stop with Ctrl-C)
              coord read --at 2026-11-20 --since 1d   (that day, as it ended)
            """
    )

    @Option(help: ArgumentHelp("Only entries at or after this point: 90m, 2h, 1d, a date or an ISO date-time.", valueName: "WHEN"))
    var since: String?

    @Option(help: ArgumentHelp("Only entries of this day (YYYY-MM-DD, in the board's time zone).", valueName: "DATE"))
    var date: String?

    @Option(name: .customLong("agent"), help: ArgumentHelp("Only entries by this agent.", valueName: "NAME"),
            completion: LiveCompletion.agents)
    var author: String?

    @Option(help: ArgumentHelp("Only entries whose message contains TEXT (ignoring case).", valueName: "TEXT"))
    var grep: String?

    @Option(help: ArgumentHelp("At most N entries, the most recent (0 for no limit).", valueName: "N"))
    var limit: Int = 100

    @Flag(help: "After printing, wait for new entries and print them as they arrive, until Ctrl-C.")
    var follow = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 0 { throw ValidationError("--limit takes 0 (no limit) or a positive number, not \(limit).") }
        if follow && moment.at != nil {
            throw ValidationError("--follow waits for new entries and --at views a past moment; use one or the other.")
        }
        if let date, CivilDate(date) == nil {
            throw ValidationError("'\(date)' is not a date; use YYYY-MM-DD, for example 2026-11-21.")
        }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let zone = workspace.timeZone
        let query = BulletinQuery(
            since: try since.map { try DurationText.since($0, now: workspace.clock.now(), zone: zone) },
            date: date.flatMap(CivilDate.init), agent: author, grep: grep, limit: limit == 0 ? nil : limit)
        let bulletin = Bulletin(workspace)
        // Watch (and take over SIGINT) before the first read, so Ctrl-C at any
        // point ends a follow cleanly and no entry slips between read and watch.
        let waiter = follow ? try ChangeWaiter(watching: workspace.board) : nil
        let start = follow ? try bulletin.end() : 0
        // One heading per day, however many batches a follow prints.
        var lastDate: CivilDate? = nil
        try show(try bulletin.read(query), context: context, zone: zone, lastDate: &lastDate)
        guard follow else { return }
        _ = try bulletin.follow(from: start, query: query, waiter: waiter) { entries in
            try show(entries, context: context, zone: zone, lastDate: &lastDate)
        }
    }

    private func show(_ entries: [BulletinEntry], context: CommandContext, zone: BoardTimeZone,
                      lastDate: inout CivilDate?) throws {
        if output.json {
            for entry in entries { try context.printJSONLine(BulletinEntryView(entry, zone: zone)) }
            return
        }
        for entry in entries {
            if entry.date != lastDate {
                context.print(context.style("## \(entry.date)", "1"))
                lastDate = entry.date
            }
            let head = context.style("[\(entry.time)]", "2") + " " + context.style(entry.agent, "36") + ":"
            context.print("- \(head) \(Escaping.escape(entry.message))")
        }
    }
}

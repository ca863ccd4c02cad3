import ArgumentParser
import CoordStorage
import CoordinationKit

struct WorkerShowCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one worker's timeline: entity, status and every observation.",
        discussion: """
            With --json, prints an object with name, domain, number, agent, goal, status,
            blockers, context, brief, template and observations (every record, oldest
            first, with its time in the board's zone and the status after it).

            Examples:
              coord worker show backend-api
              coord worker show backend-api --json |
                jq '.observations[] | select(.discoveries)'
            """
    )

    @Argument(help: ArgumentHelp("The worker's domain (default: the worker whose agent is $COORD_AGENT).", valueName: "domain"),
              completion: LiveCompletion.workerDomains)
    var domain: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let workers = Workers(workspace)
        let domain = try domain.map { try WorkerDomain($0) } ?? workers.resolve(nil, for: try context.agent(board))
        let timeline = try workers.timeline(domain)
        let tasks = try TaskSummary.read(workspace, at: workspace.clock.now())?.claimed[timeline.state.agent] ?? []
        if output.json {
            var view = try WorkerTimelineView(timeline)
            view.tasks = tasks
            return try context.printJSON(view)
        }

        let state = timeline.state
        let zone = workspace.timeZone
        context.print(context.style(timeline.name, "1") + " (worker \(state.number), agent \(state.agent))")
        if !timeline.entity.goal.isEmpty { context.print("Goal:     \(Escaping.escape(timeline.entity.goal))") }
        var status = state.status.rawValue
        if let percent = state.context { status += ", context \(percent)%" }
        if let last = timeline.records.last, let date = Timestamp.parse(last.value.at, in: .utc) {
            status += ", updated " + WorkerOutput.age(since: date, now: workspace.clock.now())
        }
        context.print("Status:   \(status)")
        for blocker in state.blockers { context.print("Blocker:  " + context.style(Escaping.escape(blocker), "31")) }
        if !tasks.isEmpty { context.print("Tasks:    \(tasks.joined(separator: ", ")) (claimed; coord tasks --mine)") }
        if let brief = timeline.entity.brief { context.print("Brief:    \(brief)") }
        if !timeline.invalid.isEmpty {
            context.print("Skipped:  \(timeline.invalid.count) unreadable line(s); run 'coord doctor' for details")
        }

        var lastDate: CivilDate? = nil
        for stored in timeline.records {
            let record = stored.value
            guard let date = Timestamp.parse(record.at, in: .utc) else { continue }
            let local = zone.local(date)
            if local.date != lastDate {
                context.print("")
                context.print(context.style("## \(local.date)", "1"))
                lastDate = local.date
            }
            let head = context.style("[\(local.time)]", "2") + " " + context.style(record.kind.rawValue, "36")
                + " by \(record.agent) -> \(record.state.status.rawValue)"
            context.print("- " + head)
            for line in WorkerOutput.details(record) { context.print("    " + line) }
        }
    }
}

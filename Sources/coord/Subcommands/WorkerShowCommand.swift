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
        context.print(WorkerText.timeline(timeline, tasks: tasks, zone: workspace.timeZone, now: workspace.clock.now(),
                                          style: context.textStyle))
    }
}

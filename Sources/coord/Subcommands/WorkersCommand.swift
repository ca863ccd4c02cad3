import ArgumentParser
import CoordStorage
import CoordinationKit

struct WorkersCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "workers",
        abstract: "List the workers: status, last update, open blockers, context.",
        discussion: """
            Reads only the last line of each worker's journal, so it stays fast however
            long the histories grow. Statuses: active, blocked, complete, handed-off,
            exited.

            Examples:
              coord workers
              coord workers --json |
                jq -r '.workers[] | select(.status == "blocked") | .domain'
            """
    )

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let summaries = try Workers(workspace).summaries()
        let goal = try BoardGoal.current(in: workspace)?.goal
        let now = workspace.clock.now()
        let claimed = try TaskSummary.read(workspace, at: now)?.claimed ?? [:]
        if output.json {
            return try context.printJSON(WorkersDocument(goal: goal, workers: summaries.map {
                var view = WorkerSummaryView($0, now: now)
                view.tasks = claimed[$0.state.agent] ?? []
                return view
            }))
        }
        context.print(WorkerText.table(summaries, goal: goal, claimed: claimed, now: now, style: context.textStyle))
    }
}

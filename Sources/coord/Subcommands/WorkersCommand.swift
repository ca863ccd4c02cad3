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
        let goal = try BoardGoal.current(in: workspace)
        let claimed = try TaskSummary.read(workspace, at: workspace.clock.now())?.claimed ?? [:]
        if output.json {
            return try context.printJSON(WorkersDocument(goal: goal?.goal, workers: summaries.map {
                var view = WorkerSummaryView($0, now: workspace.clock.now())
                view.tasks = claimed[$0.state.agent] ?? []
                return view
            }))
        }
        if let goal { context.print("Goal: \(Escaping.escape(goal.goal))") }
        guard !summaries.isEmpty else {
            context.print("No workers yet; start some with 'coord launch' or add one with 'coord brief'.")
            return
        }
        let now = workspace.clock.now()
        let rows = summaries.map { summary -> [String] in
            let blockers = summary.state.blockers
            var blockerText = blockers.first.map { Escaping.escape($0) } ?? "-"
            if blockers.count > 1 { blockerText += " (+\(blockers.count - 1) more)" }
            let row = [String(summary.state.number), summary.domain.rawValue, summary.state.status.rawValue,
                       WorkerOutput.age(since: summary.updated, now: now),
                       summary.state.context.map { "\($0)%" } ?? "-", blockerText]
            // A TASKS column only on boards where some worker holds a task.
            return claimed.isEmpty ? row : Array(row.dropLast()) + [(claimed[summary.state.agent] ?? []).joined(separator: ",").nonEmpty ?? "-", row.last!]
        }
        let header = ["#", "DOMAIN", "STATUS", "UPDATED", "CONTEXT"] + (claimed.isEmpty ? [] : ["TASKS"]) + ["BLOCKERS"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                text += index == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            return text
        }
        context.print(context.style(line(header), "1"))
        for (row, summary) in zip(rows, summaries) {
            let text = line(row)
            context.print(summary.state.status == .blocked ? context.style(text, "31") : text)
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

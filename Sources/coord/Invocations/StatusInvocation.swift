import CoordStorage
import CoordinationKit

/// A parsed `coord status`.
struct StatusInvocation: Equatable {
    /// `--stale-after`; nil takes the board's `workers.stale-after`.
    var staleAfter: String? = nil
    var entries = 5
    /// `--at TIME`: the board as it was then.
    var at: String? = nil
    var board = BoardChoice()
    var json = false

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: at)
        let threshold = try staleAfter.flatMap(DurationText.seconds(in:)) ?? BoardSettings.load(workspace).staleAfter
        let status = BoardStatus(workspace, staleAfter: Double(threshold), bulletinLimit: entries)
        let report = try status.report()
        if json {
            try context.printJSON(StatusDocument(report))
            return
        }
        let layout = StatusLayout(columns: context.environment.outputColumns(), style: context.textStyle)
        context.print(layout.text(report))
    }
}

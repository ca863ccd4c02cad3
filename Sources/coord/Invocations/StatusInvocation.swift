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
        let colour = context.useColour
        let width = max(StatusLayout.minimumWidth, context.environment.outputColumns() ?? StatusLayout.defaultWidth)
        let layout = StatusLayout(width: width, style: { text, emphasis in
            guard colour else { return text }
            let code: String
            switch emphasis {
            case .heading: code = "1"
            case .alert: code = "31"
            case .dim: code = "2"
            case .name: code = "36"
            }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        })
        context.print(layout.render(report).joined(separator: "\n"))
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

/// A parsed `coord check`.
struct CheckInvocation: Equatable {
    var paths: [String]
    var quiet = false
    /// `--at TIME`: the board as it was then.
    var at: String? = nil
    var board = BoardChoice()
    var json = false

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board, at: at)
        let check = try context.locks(workspace).check(targets, for: try context.agent(board))
        let report = LockReport(workspace)
        if json {
            try context.printJSON(report.checked(check))
        } else if let text = report.checkedText(check, quiet: quiet) {
            context.print(text)
        }
        if !check.isClear { throw ExitCode(ExitStatus.conflict) }
    }
}

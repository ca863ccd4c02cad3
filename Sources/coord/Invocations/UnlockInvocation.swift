import CoordStorage
import CoordinationKit

/// A parsed `coord unlock`.
struct UnlockInvocation: Equatable {
    var paths: [String]
    var all = false
    var force = false
    var reason: String? = nil
    var quiet = false
    var board = BoardChoice()
    var json = false
    /// `--key` (argument-parser only: the hot path declines it).
    var key: String? = nil

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board)
        let result = try context.locks(workspace).release(targets, by: try context.agent(board), force: force, reason: reason,
                                                          announce: !quiet, key: try key.map(IdempotencyKey.init))
        let report = LockReport(workspace)
        if json { return try context.printJSON(report.released(result)) }
        context.print(report.releasedText(result))
    }
}

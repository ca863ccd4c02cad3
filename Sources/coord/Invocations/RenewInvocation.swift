import CoordStorage
import CoordinationKit

/// A parsed `coord renew`.
struct RenewInvocation: Equatable {
    var paths: [String]
    var ttl: String? = nil
    var board = BoardChoice()
    var json = false
    /// `--key` (argument-parser only: the hot path declines it).
    var key: String? = nil

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board)
        let renewed = try context.locks(workspace).renew(targets, by: try context.agent(board),
                                                         ttl: ttl.flatMap(DurationText.seconds(in:)), key: try key.map(IdempotencyKey.init))
        let report = LockReport(workspace)
        if json { return try context.printJSON(report.renewed(renewed)) }
        context.print(report.renewedText(renewed))
    }
}

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
        let presenter = LockPresenter(workspace)
        if json {
            try context.printJSON(LockResultDocument(ok: check.isClear, now: presenter.now, locks: check.own.map(presenter.view),
                                                     conflicts: presenter.views(check.conflicts)))
        } else {
            for conflict in check.conflicts { context.print(presenter.describe(conflict)) }
            if !quiet {
                for path in check.paths where !check.conflicts.contains(where: { $0.requested == path }) {
                    if let own = check.own.first(where: { $0.path.overlaps(path) }) {
                        context.print("\(path): yours (token \(own.token), until \(LockText.clock(own.expires, zone: presenter.zone, now: presenter.now)))")
                    } else {
                        context.print("\(path): free")
                    }
                }
            }
        }
        if !check.isClear { throw ExitCode(ExitStatus.conflict) }
    }
}

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

    func execute(in context: CommandContext) throws {
        let targets = try paths.lockPaths()
        let workspace = try context.workspace(board)
        let result = try context.locks(workspace).release(targets, by: try context.agent(board), force: force, reason: reason,
                                                          announce: !quiet)
        let presenter = LockPresenter(workspace)
        if json {
            return try context.printJSON(UnlockDocument(now: presenter.now, released: result.released.map(presenter.view),
                                                        broken: result.broken.map(presenter.view)))
        }
        for grant in result.released { context.print("unlocked \(grant.path) (token \(grant.token))") }
        for grant in result.broken { context.print("broke \(grant.holder)'s lock on \(grant.path) (token \(grant.token))") }
        if result.released.isEmpty && result.broken.isEmpty { context.print("You hold no locks.") }
    }
}

import CoordStorage
import CoordinationKit

/// A parsed `coord tasks`: what argument-parser's `TasksCommand` and the hot path both produce.
struct TasksInvocation: Equatable {
    var ready = false
    var mine = false
    var status: TaskStatus? = nil
    var domain: String? = nil
    var board = BoardChoice()
    var json = false

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let query = TaskQuery(ready: ready, claimedBy: mine ? try context.agent(board).rawValue : nil, status: status, domain: domain)
        if json { return try context.printJSON(try Tasks(workspace).list(query)) }
        let found = try Tasks(workspace).select(query)
        if found.tasks.isEmpty { return context.print(ready ? "Nothing is ready." : "No tasks.") }
        // One write for the whole list.
        var text = ""
        for (position, task) in found.tasks.enumerated() {
            if position > 0 { text += "\n" }
            text += TaskText.line(task, in: found.queue, zone: workspace.timeZone, now: found.now)
        }
        context.print(text)
    }
}

/// A parsed `coord task claim`: what argument-parser's `TaskClaimCommand` and the hot path both produce.
struct TaskClaimInvocation: Equatable {
    var id: String? = nil
    var domain: String? = nil
    var ttl: Int64? = nil
    var lock = false
    var quiet = false
    var board = BoardChoice()
    var json = false
    /// `--key` (argument-parser only: the hot path declines it).
    var key: String? = nil
    /// `--pid` (argument-parser only: the hot path declines it; `$COORD_PID` is read either way).
    var pid: String? = nil

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let tasks = Tasks(workspace)
        let request = Tasks.ClaimRequest(task: id, domain: domain, ttl: ttl, lock: lock, key: try key.map(IdempotencyKey.init),
                                         process: try context.holderProcess(pid))
        let claimed = try tasks.claim(request, as: try context.agent(board), announce: !quiet)
        if json { return try context.printJSON(try tasks.show(claimed.task.id)) }
        context.print(TaskText.claimed(claimed, zone: workspace.timeZone))
    }
}

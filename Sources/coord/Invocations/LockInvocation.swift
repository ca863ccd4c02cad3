import ArgumentParser
import CoordStorage
import CoordinationKit

/// A parsed `coord lock`.
struct LockInvocation: Equatable {
    var paths: [String]
    var intent: String
    var ttl: String? = nil
    var wait: String? = nil
    var quiet = false
    var board = BoardChoice()
    var json = false
    /// `--key` (argument-parser only: the hot path declines it).
    var key: String? = nil
    /// `--pid` (argument-parser only: the hot path declines it; `$COORD_PID` is read either way).
    var pid: String? = nil

    func execute(in context: CommandContext) throws {
        let request = Locks.Request(paths: try paths.lockPaths(), holder: try context.agent(board), intent: intent,
                                    ttl: ttl.flatMap(DurationText.seconds(in:)), key: try key.map(IdempotencyKey.init),
                                    process: try context.holderProcess(pid))
        let workspace = try context.workspace(board)
        let locks = try context.locks(workspace)
        let waitSeconds = wait.flatMap(DurationText.seconds(in:)) ?? 0
        // A wait ends on SIGINT/SIGTERM with nothing locked, not midway through a write.
        if waitSeconds > 0 { ProcessIO.holdTerminationSignals() }
        let outcome = try locks.acquire(request, waiting: waitSeconds, announce: !quiet)
        let report = LockReport(workspace)
        switch outcome {
        case .conflict(let conflicts):
            try context.printRefusal(conflicts, report, json: json)
            throw ExitCode(ExitStatus.conflict)
        case .granted(let granted):
            if json { return try context.printJSON(report.granted(granted)) }
            context.print(report.grantedText(granted))
        }
    }
}

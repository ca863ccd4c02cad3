import CoordStorage
import CoordinationKit

/// Printing what the library rendered, where a command prints more than one thing.
extension CommandContext {
    /// `lock` or `run` refused: the document with `--json`, and in any case the locks in the way and what to do on stderr.
    func printRefusal(_ conflicts: [LockConflict], _ report: LockReport, json: Bool) throws {
        if json { try printJSON(report.refused(conflicts)) }
        for line in report.refusalLines(conflicts) { printError(line) }
    }

    /// After `worker update|handoff|done`: the stored record with `--json`, else one line.
    func printRecorded(_ domain: WorkerDomain, _ record: WorkerRecord, json: Bool) throws {
        if json { return try printJSONLine(try WorkerObservationView(Stored(value: record))) }
        print(WorkerText.recorded(domain, record))
    }
}

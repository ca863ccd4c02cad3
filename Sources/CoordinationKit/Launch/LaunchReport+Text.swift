import CoordStorage

/// What `coord launch` and `coord brief` print: what was created, then how to start each session.
extension LaunchReport {
    public var text: String {
        let report = self
        var lines: [String] = []
        let count = report.workers.count == 1 ? "1 worker" : "\(report.workers.count) workers"
        lines.append("\(report.observer == nil ? "Added" : "Launched") \(count) for: \(Escaping.escape(report.goal))")
        lines.append("In \(report.workspace):")
        let replaced = Set(report.replaced)
        for worker in report.workers {
            lines.append("  \(replaced.contains(worker.brief) ? "replaced" : "created ") \(worker.brief)")
        }
        if let observer = report.observer {
            lines.append("  \(replaced.contains(observer.brief) ? "replaced" : "created ") \(observer.brief)")
        }
        for worker in report.workers {
            let entity = Workspace.boardFolderName + "/workers/" + worker.domain + ".jsonl"
            lines.append("  \(replaced.contains(entity) ? "replaced" : "created ") \(entity) (\(worker.name))")
        }
        if report.observer != nil { lines.append("  recorded \(Workspace.boardFolderName)/\(BoardGoal.fileName)") }
        lines.append("")
        lines.append("Start each worker in its own session, handing it its brief:")
        let width = report.workers.map(\.agent.utf8.count).max() ?? 0
        for worker in report.workers {
            let padding = String(repeating: " ", count: width - worker.agent.utf8.count)
            lines.append("  export COORD_AGENT=\(worker.agent)\(padding)  # brief: \(worker.brief)")
        }
        if let observer = report.observer {
            lines.append("Start the observer in \(observer.directory):")
            lines.append("  export COORD_AGENT=\(observer.agent)  # brief: \(observer.brief)")
        }
        return lines.joined(separator: "\n")
    }
}

extension LaunchReport {
    /// The line after `coord launch --tasks FILE`: which tasks were queued, or nil when none were.
    public static func seededText(_ seeded: [WorkTask]) -> String? {
        guard let first = seeded.first, let last = seeded.last else { return nil }
        return "Queued \(seeded.count) task\(seeded.count == 1 ? "" : "s") (\(first.id)\(seeded.count > 1 ? " to \(last.id)" : "")); "
            + "workers take them with 'coord task claim --next'."
    }
}

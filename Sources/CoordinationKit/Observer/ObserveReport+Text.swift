import CoordStorage
import FoundationEssentials

extension ObserveReport {
    /// What `coord observe` prints for this pass: a headline, the problems and
    /// the new events; with `quiet`, only problems that opened or cleared (nil when none did).
    public func text(zone: BoardTimeZone, quiet: Bool, style: TextStyle = .plain) -> String? {
        let lines = ObserveText(report: self, zone: zone, quiet: quiet, style: style).lines()
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

/// The text of one pass.
struct ObserveText {
    var report: ObserveReport
    var zone: BoardTimeZone
    var quiet: Bool
    var style: TextStyle

    func lines() -> [String] {
        let shown = quiet ? report.problems.filter { $0.state != .open } : report.problems
        if quiet && shown.isEmpty { return [] }
        var lines: [String] = []
        if !quiet { lines.append(headline()) }
        for problem in shown {
            let state = pad(problem.state.rawValue, 8)
            let padded = pad(problem.finding.kind.label, 15)
            let label = problem.finding.isBlocking ? style.apply(padded, "31;1") : padded
            let age = problem.state == .cleared ? "" : problem.finding.since.map { " (\(self.age(since: $0)))" } ?? ""
            let posted = problem.posted ? style.apply(" [posted]", "2") : ""
            lines.append("  \(state) \(label) \(Escaping.escape(problem.finding.summary))\(age)\(posted)")
        }
        if !quiet {
            for event in report.events {
                lines.append("  event    \(pad(event.kind.label, 15)) \(Escaping.escape(event.summary))")
            }
        }
        return lines
    }

    private func headline() -> String {
        let local = zone.local(report.at)
        guard let previous = report.previousPass else {
            return "First observer pass at \(local.date) \(local.time): watching the board from here on; "
                + counts()
        }
        let since = zone.local(previous)
        let start = since.date == local.date ? since.time.description : "\(since.date) \(since.time)"
        return "Pass \(report.pass) at \(local.time) (previous \(start)): " + counts()
    }

    private func counts() -> String {
        let open = report.openProblems.count
        let new = report.newProblems.count
        let cleared = report.clearedProblems.count
        var parts = ["\(report.events.count) new \(report.events.count == 1 ? "event" : "events")",
                     "\(open) \(open == 1 ? "problem" : "problems") open" + (new > 0 ? " (\(new) new)" : "")]
        if cleared > 0 { parts.append("\(cleared) cleared") }
        let posts = report.posted.count
        parts.append(posts == 0 ? "no intervention" : "posted \(posts) bulletin \(posts == 1 ? "line" : "lines")")
        return parts.joined(separator: ", ") + "."
    }

    private func age(since date: Date) -> String {
        DurationText.format(seconds: Int64(report.at.timeIntervalSince(date).rounded(.down)))
    }

    private func pad(_ text: String, _ width: Int) -> String { TextTable.padded(text, width) }
}

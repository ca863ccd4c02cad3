import CoordStorage

/// The day as a Mermaid `gantt` chart, which common code hosts render: each
/// worker's active span, each blocker from open to clear, and the holds on
/// contested lock paths. Times are the board's local wall times.
extension MarkdownBuilder {
    func chart() {
        let bars = chartSections()
        guard bars.contains(where: { !$0.bars.isEmpty }) else { return }
        heading(2, "The day in a chart")
        line("```mermaid")
        line("gantt")
        let zone = report.window.timezone
        line("    title " + Self.taskName(report.window.date.map { "\(Self.weekday($0)) \($0) (\(zone))" }
            ?? "\(report.window.start.day) to \(report.window.end.day) (\(zone))", limit: 80))
        line("    dateFormat YYYY-MM-DD HH:mm")
        line("    axisFormat %H:%M")
        for (title, tag, list) in bars where !list.isEmpty {
            line("    section \(title)")
            for bar in list.prefix(caps.chart) {
                line("    \(Self.taskName(bar.name)) :\(tag.map { $0 + ", " } ?? "")\(Self.chartTime(bar.start)), \(Self.chartTime(bar.end))")
            }
            if list.count > caps.chart { line("    %% and \(list.count - caps.chart) more, not drawn") }
        }
        line("```")
    }

    struct Bar {
        var name: String
        var start: ReportTime
        var end: ReportTime
    }

    /// The chart's sections: title, Mermaid tag, bars.
    func chartSections() -> [(title: String, tag: String?, bars: [Bar])] {
        let end = report.window.asOf ?? report.window.end
        let workers = report.workers.compactMap { w -> Bar? in
            guard let first = w.first, let last = w.last else { return nil }
            return Bar(name: w.domain, start: first, end: last)
        }
        let blockers = report.progress.blockers.map { b in
            Bar(name: "\(b.worker) \(b.text)", start: b.opened, end: b.cleared ?? end)
        }
        let contested = Set(report.locks.contested.map(\.path))
        let holds = report.locks.held.filter { contested.contains($0.path) }.map { h in
            Bar(name: "\(h.path) \(h.holder)", start: h.since, end: h.until ?? end)
        }
        return [("Workers", "active", workers), ("Blockers", "crit", blockers), ("Contested locks", nil, holds)]
    }

    /// A task name Mermaid reads as one: no `:`, `;`, `#` or commas, at most `limit` characters.
    static func taskName(_ text: String, limit: Int = 48) -> String {
        var name = String(text.map { ":;#,`".contains($0) || $0.isNewline ? " " : $0 })
        while name.contains("  ") { name = name.replacing("  ", with: " ") }
        name = String(name.drop(while: { $0 == " " }))
        if name.count > limit { name = String(name.prefix(limit - 1)) + "…" }
        return name.isEmpty ? "untitled" : name
    }

    /// `2026-11-20 13:40` from a report time's local wall clock.
    static func chartTime(_ time: ReportTime) -> String { time.day + " " + time.clock }
}

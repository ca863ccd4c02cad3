import CoordStorage

/// The timeline, activity per agent, the data-quality footnote and the narrative.
extension MarkdownBuilder {
    // MARK: Timeline

    /// Kinds another section tells: decisions (Progress) and forced breaks (Locks).
    static let toldElsewhere: Set<String> = [EntryKind.decision.rawValue, EntryKind.lockBreak.rawValue]

    func timeline() {
        let t = report.timeline
        heading(2, "Timeline")
        let workers = workerAgents
        let told = { (e: SynthesisReport.TimelineEntry) in workers.contains(e.agent) || Self.toldElsewhere.contains(e.kind) }
        let entries = t.hours.flatMap(\.entries)
        let rest = entries.filter { !told($0) }
        var notes: [String] = []
        if entries.count > rest.count {
            notes.append("\(entries.count - rest.count) entries told above (workers' lines under Per worker, "
                + "decisions under Progress, forced breaks under Locks) are left out")
        }
        if !t.folded.isEmpty { notes.append("routine lines folded away: " + Self.countList(t.folded)) }
        let hidden = t.hours.flatMap(\.more).reduce(0) { $0 + $1.count }
        if hidden > 0 { notes.append("\(hidden) more were over \(t.limitPerHour) an hour (`coord read` has them all)") }
        if !notes.isEmpty { line(Self.sentence(notes.joined(separator: "; "))); line() }
        if rest.isEmpty {
            line(entries.isEmpty ? "No bulletin entries." : "Nothing else happened on the bulletin.")
            return
        }
        if caps.isFull {
            for hour in t.hours {
                let shown = hour.entries.filter { !told($0) }
                guard !shown.isEmpty else { continue }
                heading(3, hour.label)
                for e in shown { bullet(entry(e)) }
            }
            return
        }
        // Significant entries first, spread over the window, shown in time order.
        let significant = rest.indices.filter { EntryKind(rawValue: rest[$0].kind)?.isSignificant ?? false }
        let ordinary = rest.indices.filter { !(EntryKind(rawValue: rest[$0].kind)?.isSignificant ?? false) }
        let chosen = Self.spread(significant, count: caps.timeline)
            + Self.spread(ordinary, count: max(0, caps.timeline - significant.count))
        capped(chosen.sorted().map { rest[$0] }, limit: caps.timeline, total: rest.count) { entry($0) }
    }

    private func entry(_ e: SynthesisReport.TimelineEntry) -> String {
        var tags = e.kind == EntryKind.note.rawValue ? [] : [e.kind]
        if e.byHand { tags.append("by hand") }
        let tag = tags.isEmpty ? "" : " *(\(tags.joined(separator: ", ")))*"
        return "\(stamp(e.at)) \(MarkdownText.inline(e.agent))\(tag): \(MarkdownText.inline(e.message))"
    }

    /// At most `count` of `indices`, evenly spaced over them (all of them when they fit).
    static func spread(_ indices: [Int], count: Int) -> [Int] {
        guard indices.count > count else { return indices }
        guard count > 0 else { return [] }
        return (0 ..< count).map { indices[$0 * indices.count / count] }
    }

    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + "."
    }

    // MARK: Activity per agent

    func activity() {
        heading(2, "Activity per agent")
        if report.activity.isEmpty {
            line("No bulletin entries.")
            return
        }
        // The busiest agents when the table is capped, shown by name.
        let busiest = report.activity.indices.sorted { (-report.activity[$0].posts, $0) < (-report.activity[$1].posts, $1) }
        let shown = busiest.prefix(caps.table).sorted().map { report.activity[$0] }
        line("| Agent | Posts | First | Last | Written |")
        line("|---|---:|---|---|---|")
        for a in shown {
            let written = a.byHand == 0 ? "by coord"
                : a.byHand == a.posts ? "by hand or cron"
                : "by coord; \(a.byHand) by hand or cron"
            line("| \(MarkdownText.cell(a.agent)) | \(a.posts) | \(stamp(a.first)) | \(stamp(a.last)) | \(written) |")
        }
        if report.activity.count > shown.count {
            line()
            line("The \(shown.count) busiest of \(report.activity.count) agents are shown; `--full` lists them all.")
        }
    }

    // MARK: Footnote and narrative

    func dataQuality() {
        let q = report.dataQuality
        line()
        line("---")
        line()
        guard q.skippedLines > 0 else {
            line("Data quality: every line this report read could be parsed.")
            return
        }
        let files = q.files.map { file in
            let examples = file.examples.map { "line \($0.line): \($0.reason)" }.joined(separator: "; ")
            return "\(MarkdownText.code(file.path)) \(file.count)" + (examples.isEmpty ? "" : " (\(examples))")
        }
        let skipped = q.skippedLines == 1 ? "1 line was skipped because it" : "\(q.skippedLines) lines were skipped because they"
        line("Data quality: \(skipped) could not be read (torn, garbage or hand-mangled): "
            + files.joined(separator: ", ") + ". `coord doctor` lists every one.")
    }

    func narrative() {
        guard let n = report.narrative else { return }
        heading(2, "Narrative")
        let command = MarkdownText.code(n.command.joined(separator: " "))
        switch n.outcome {
        case .written:
            line("*Written by \(command) from the report above; coord did not check it.*")
            line()
            for row in (n.text ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
                line(Escaping.escape(String(row)))
            }
        case .failed, .timedOut:
            line("*No narrative: \(MarkdownText.inline(n.problem ?? "the command failed")) The report above is complete without it.*")
        }
    }
}

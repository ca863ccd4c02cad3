import CoordStorage

/// Renders a `SynthesisReport` as Markdown, by plain string assembly of the
/// model: no template, no clock, no dictionary order, so the same report gives
/// the same bytes.
///
/// Section order is fixed: goal and progress, per worker, across workers,
/// locks, timeline, activity per agent, then the data-quality footnote and,
/// when asked for, the narrative.
public enum SynthesisMarkdown {
    public static func render(_ report: SynthesisReport) -> String {
        var out = MarkdownBuilder(report: report)
        out.title()
        if report.empty {
            out.emptyDay()
        } else {
            out.progress()
            out.workers()
            out.across()
            out.locks()
            out.timeline()
            out.activity()
        }
        out.dataQuality()
        out.narrative()
        return out.text
    }

    /// The deterministic part only (everything but the narrative): what `--via` reads.
    public static func renderWithoutNarrative(_ report: SynthesisReport) -> String {
        var copy = report
        copy.narrative = nil
        return render(copy)
    }
}

/// Line-by-line assembly of the report's Markdown.
struct MarkdownBuilder {
    let report: SynthesisReport
    private(set) var text = ""

    init(report: SynthesisReport) { self.report = report }

    // MARK: Primitives

    mutating func line(_ line: String = "") { text += line + "\n" }

    mutating func heading(_ level: Int, _ title: String) {
        if !text.isEmpty && !text.hasSuffix("\n\n") { line() }
        line(String(repeating: "#", count: level) + " " + title)
        line()
    }

    mutating func bullet(_ item: String, indent: Int = 0) {
        line(String(repeating: "  ", count: indent) + "- " + item)
    }

    /// `HH:MM` within the report's first day, else the date too.
    func stamp(_ time: ReportTime) -> String {
        time.day == referenceDay ? time.clock : time.day + " " + time.clock
    }

    var referenceDay: String { report.window.date?.description ?? report.window.start.day }

    // MARK: Title

    mutating func title() {
        let window = report.window
        if let date = window.date {
            line("# Synthesis for \(Self.weekday(date)) \(date)")
            line()
            var scope = "The whole day in \(window.timezone)"
            if let asOf = window.asOf { scope += ", as of \(asOf.clock) (the day was not over when this report was made)" }
            line(scope + ".")
        } else {
            line("# Synthesis since \(window.start.day) \(window.start.clock)")
            line()
            line("From \(window.start.day) \(window.start.clock) to \(stamp(window.end)) in \(window.timezone).")
        }
    }

    mutating func emptyDay() {
        line()
        let when = report.window.date.map { "on \(Self.weekday($0)) \($0)" } ?? "in this window"
        line("Nothing was recorded on this board \(when): no bulletin entries, worker observations, "
            + "lock events or decisions.")
    }

    // MARK: 1. Goal and progress

    mutating func progress() {
        let p = report.progress
        heading(2, "Goal and progress")
        if let goal = p.goal { line("**Goal:** \(MarkdownText.inline(goal))"); line() }
        if p.workersTotal == 0 {
            bullet("Workers: none on this board.")
        } else {
            let statuses = p.workersByStatus.map { "\($0.count) \($0.name)" }.joined(separator: ", ")
            bullet("Workers: \(p.workersComplete) of \(p.workersTotal) complete (\(statuses)).")
            bullet("Blockers: \(p.blockersOpened) opened, \(p.blockersResolved) resolved, \(p.blockersOpen) still open.")
        }
        if p.decisions.isEmpty {
            bullet("Decisions: none made or changed.")
        } else {
            bullet("Decisions:")
            for d in p.decisions {
                let steps = d.steps.map { step in
                    if step.event == "superseded", let by = step.detail {
                        return "superseded by \(MarkdownText.inline(by)) \(stamp(step.at))"
                    }
                    return "\(step.event) by \(MarkdownText.inline(step.actor)) \(stamp(step.at))"
                        + (step.detail.map { ": " + MarkdownText.inline($0) } ?? "")
                }
                bullet("\(d.id) \(d.status): \(MarkdownText.inline(d.decision)) (\(steps.joined(separator: "; ")))", indent: 1)
            }
        }
        if !p.interventions.isEmpty {
            bullet("Interventions by the observer: \(p.interventions.count).")
            for i in p.interventions {
                bullet("\(stamp(i.at)) \(MarkdownText.inline(i.agent)): \(MarkdownText.inline(i.message))", indent: 1)
            }
        }
        bullet("Bulletin: \(Self.plural(p.bulletinEntries, "entry", "entries")) from \(Self.plural(p.agents, "agent", "agents")).")
    }

    // MARK: 2. Per worker

    mutating func workers() {
        heading(2, "Per worker")
        if report.workers.isEmpty {
            line("No worker entities are on this board (`coord launch` creates them).")
            return
        }
        for w in report.workers {
            heading(3, "\(MarkdownText.inline(w.domain)) (\(w.status))")
            var facts = [MarkdownText.inline(w.name)]
            if let number = w.number { facts.append("worker \(number)") }
            if let agent = w.agent { facts.append("agent \(MarkdownText.code(agent))") }
            if let first = w.first, let last = w.last {
                let span = DurationText.format(seconds: w.activeSeconds ?? 0)
                facts.append("active \(stamp(first))–\(stamp(last)) (\(span))")
            }
            facts.append(Self.plural(w.observations, "observation", "observations"))
            if let context = w.context { facts.append("context \(context)%") }
            line(facts.joined(separator: " · "))
            line()
            items("Completed", w.completed)
            items("Discoveries", w.discoveries)
            items("Impact", w.impact)
            if w.openBlockers.isEmpty { bullet("Open blockers: none.") } else { items("Open blockers", w.openBlockers) }
            if let next = w.next { bullet("Next (\(stamp(next.at))): \(MarkdownText.inline(next.text))") }
            if !w.files.isEmpty { bullet("Files: " + w.files.map(MarkdownText.code).joined(separator: ", ")) }
            if !w.commits.isEmpty { bullet("Commits: " + w.commits.map(MarkdownText.code).joined(separator: ", ")) }
            for h in w.handoffsGiven { bullet("Handed off to \(MarkdownText.inline(h.to)) at \(stamp(h.at))" + handoffDetail(h)) }
            for h in w.handoffsReceived { bullet("Received from \(MarkdownText.inline(h.from)) at \(stamp(h.at))" + handoffDetail(h)) }
            if let report = w.finalReport { bullet("Final report: \(MarkdownText.inline(report))") }
        }
    }

    private mutating func items(_ label: String, _ items: [SynthesisReport.Item]) {
        guard !items.isEmpty else { return }
        if items.count == 1 {
            bullet("\(label) (\(stamp(items[0].at))): \(MarkdownText.inline(items[0].text))")
            return
        }
        bullet("\(label):")
        for item in items { bullet("\(stamp(item.at)) \(MarkdownText.inline(item.text))", indent: 1) }
    }

    private func handoffDetail(_ h: SynthesisReport.Handoff) -> String {
        var detail = ""
        if !h.artifacts.isEmpty { detail += " (artifacts: " + h.artifacts.map(MarkdownText.code).joined(separator: ", ") + ")" }
        if let note = h.note { detail += ": " + MarkdownText.inline(note) }
        return detail + "."
    }

    // MARK: 3. Across workers

    mutating func across() {
        let a = report.across
        heading(2, "Across workers")
        if report.workers.count < 2 {
            line(report.workers.isEmpty
                ? "No worker entities, so no insights across workers."
                : "Only one worker, so no insights across workers.")
        } else {
            heading(3, "Paths touched by several workers")
            if a.sharedPaths.isEmpty { line("None: no file or path was named by more than one worker.") }
            for s in a.sharedPaths {
                bullet("\(MarkdownText.code(s.path)): \(s.workers.map(MarkdownText.inline).joined(separator: ", "))")
            }

            heading(3, "Handoff chains")
            if a.handoffChains.isEmpty { line("No handoffs between workers.") }
            for c in a.handoffChains { bullet(c.workers.map(MarkdownText.inline).joined(separator: " → ")) }

            heading(3, "Blockers resolved by another worker")
            if a.blockersResolvedByOthers.isEmpty { line("None.") }
            for r in a.blockersResolvedByOthers {
                bullet("\(MarkdownText.inline(r.raisedBy)) was blocked at \(stamp(r.raisedAt)) (\(MarkdownText.inline(r.blocker))); "
                    + "\(MarkdownText.inline(r.resolvedBy)) resolved it at \(stamp(r.resolvedAt)).")
            }

            heading(3, "Shared themes")
            if a.themes.isEmpty { line("No salient term recurs in more than one worker's observations.") }
            for t in a.themes {
                bullet("**\(MarkdownText.inline(t.term))**: \(t.workers.map(MarkdownText.inline).joined(separator: ", ")) "
                    + "(\(Self.plural(t.mentions, "mention", "mentions")))")
            }
        }
        guard !a.decisions.isEmpty else { return }
        heading(3, "Decisions taken in")
        for d in a.decisions {
            var uptake = d.acknowledged.isEmpty
                ? "acknowledged by nobody yet"
                : "acknowledged by " + d.acknowledged.map(MarkdownText.inline).joined(separator: ", ")
            uptake += d.notAcknowledged.isEmpty
                ? "; everyone concerned has it"
                : "; not yet by " + d.notAcknowledged.map(MarkdownText.inline).joined(separator: ", ")
            bullet("\(d.id) (\(d.status)) \(MarkdownText.inline(d.decision)): \(uptake).")
        }
    }

    // MARK: 4. Locks

    mutating func locks() {
        let l = report.locks
        heading(2, "Locks")
        if l.held.isEmpty && l.contested.isEmpty && l.forceBroken.isEmpty && l.expired.isEmpty {
            line("No locks were taken or held.")
            return
        }
        func more(_ list: String) {
            if let count = l.omitted.first(where: { $0.name == list })?.count { bullet("… and \(count) more, not shown.") }
        }
        heading(3, "Held")
        for h in l.held {
            var item = "\(MarkdownText.code(h.path)): \(MarkdownText.inline(h.holder)), \(stamp(h.since))–"
            item += h.until.map(stamp) ?? "now"
            item += " (\(h.outcome)" + (h.token.map { ", token \($0)" } ?? "") + ")"
            if let intent = h.intent { item += ": " + MarkdownText.inline(intent) }
            bullet(item)
        }
        more("held")
        heading(3, "Contested")
        if l.contested.isEmpty { line("None: no path was held in turn, overlapped or broken by different agents.") }
        for c in l.contested {
            var item = "\(MarkdownText.code(c.path)): " + c.holders.map(MarkdownText.inline).joined(separator: ", ")
            if !c.refused.isEmpty {
                item += "; refused " + c.refused.map { "\(MarkdownText.inline($0.agent)) at \(stamp($0.at))" }.joined(separator: ", ")
            }
            bullet(item)
        }
        more("contested")
        heading(3, "Force-broken")
        if l.forceBroken.isEmpty { line("None.") }
        for b in l.forceBroken {
            bullet("\(MarkdownText.code(b.path)): \(MarkdownText.inline(b.brokenBy)) broke \(MarkdownText.inline(b.holder))'s lock at "
                + "\(stamp(b.at)): \(MarkdownText.inline(b.reason))")
        }
        more("force_broken")
        heading(3, "Expired without release")
        if l.expired.isEmpty { line("None.") }
        for e in l.expired {
            var item = "\(MarkdownText.code(e.path)): \(MarkdownText.inline(e.holder)), held from \(stamp(e.since))"
            if let until = e.until { item += ", expired \(stamp(until))" }
            if let intent = e.intent { item += ": " + MarkdownText.inline(intent) }
            bullet(item)
        }
        more("expired")
    }

    // MARK: 5. Timeline

    mutating func timeline() {
        let t = report.timeline
        heading(2, "Timeline")
        if t.hours.isEmpty {
            line("No bulletin entries.")
            return
        }
        if !t.folded.isEmpty { line("Routine lines folded away: " + Self.countList(t.folded) + "."); line() }
        for hour in t.hours {
            heading(3, hour.label)
            for e in hour.entries {
                var tags = e.kind == EntryKind.note.rawValue ? [] : [e.kind]
                if e.byHand { tags.append("by hand") }
                let tag = tags.isEmpty ? "" : " *(\(tags.joined(separator: ", ")))*"
                bullet("\(stamp(e.at)) \(MarkdownText.inline(e.agent))\(tag): \(MarkdownText.inline(e.message))")
            }
            if !hour.more.isEmpty { bullet("Not shown (over \(report.timeline.limitPerHour) an hour): " + Self.countList(hour.more) + ".") }
            if !hour.folded.isEmpty { bullet("Folded: " + Self.countList(hour.folded) + ".") }
        }
    }

    // MARK: 6. Activity per agent

    mutating func activity() {
        heading(2, "Activity per agent")
        if report.activity.isEmpty {
            line("No bulletin entries.")
            return
        }
        line("| Agent | Posts | First | Last | Written |")
        line("|---|---:|---|---|---|")
        for a in report.activity {
            let written = a.byHand == 0 ? "by coord"
                : a.byHand == a.posts ? "by hand or cron"
                : "by coord; \(a.byHand) by hand or cron"
            line("| \(MarkdownText.cell(a.agent)) | \(a.posts) | \(stamp(a.first)) | \(stamp(a.last)) | \(written) |")
        }
    }

    // MARK: Footnote and narrative

    mutating func dataQuality() {
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

    mutating func narrative() {
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

    // MARK: Words

    static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? "1 \(one)" : "\(count) \(many)"
    }

    /// "3 heartbeats, 1 repeated line".
    static func countList(_ counts: [SynthesisReport.Count]) -> String {
        counts.map { EntryKind(rawValue: $0.name)?.counted($0.count) ?? "\($0.count) \($0.name)" }.joined(separator: ", ")
    }

    static func weekday(_ date: CivilDate) -> String {
        let names = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let index = Int(((date.daysSinceEpoch % 7) + 7) % 7)
        return names[index]
    }
}

/// Board text made safe for one line of Markdown.
enum MarkdownText {
    /// Control characters and line breaks escaped, so text never starts a new block.
    static func inline(_ text: String) -> String { Escaping.escape(text) }

    /// In a table cell: also `|`.
    static func cell(_ text: String) -> String { inline(text).replacing("|", with: "\\|") }

    /// As code, unless the text holds a backtick.
    static func code(_ text: String) -> String {
        text.contains("`") ? inline(text) : "`" + inline(text) + "`"
    }
}

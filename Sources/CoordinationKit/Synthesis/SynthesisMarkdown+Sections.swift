import CoordStorage

/// The detail sections: progress and decisions, per worker, across workers,
/// commits nobody claimed, and locks.
extension MarkdownBuilder {
    // MARK: Progress and decisions

    func progress() {
        let p = report.progress
        heading(2, "Progress")
        if let goal = p.goal { line("**Goal:** \(MarkdownText.inline(goal))"); line() }
        if p.workersTotal == 0 {
            bullet("Workers: none on this board.")
        } else {
            let statuses = p.workersByStatus.map { "\($0.count) \($0.name)" }.joined(separator: ", ")
            bullet("Workers: \(p.workersComplete) of \(p.workersTotal) complete (\(statuses)).")
            bullet("Blockers: \(p.blockersOpened) opened, \(p.blockersResolved) resolved, \(p.blockersOpen) still open"
                + (p.blockers.isEmpty ? "." : " (each from open to clear in the chart below)."))
        }
        if !p.interventions.isEmpty {
            let hours = Array(Set(p.interventions.map { $0.at.clock.prefix(2) + ":00" })).sorted()
            bullet("Observer interventions: \(p.interventions.count), in the timeline at \(hours.joined(separator: ", ")).")
        }
        bullet("Bulletin: \(Self.plural(p.bulletinEntries, "entry", "entries")) from \(Self.plural(p.agents, "agent", "agents")).")
        decisions()
    }

    /// Each decision made or changed in the window, or still waiting for acknowledgements,
    /// once: its steps, who has taken it in, and the commits that cite it.
    private func decisions() {
        let briefs = report.progress.decisions
        let uptake = Dictionary(report.across.decisions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = (briefs.map(\.id) + report.across.decisions.map(\.id).filter { id in !briefs.contains { $0.id == id } })
        heading(3, "Decisions")
        if ids.isEmpty { line("None made or changed."); return }
        let citing = Dictionary(grouping: (report.git?.commits ?? []).flatMap { c in c.decisions.map { ($0, c.shortHash) } },
                                by: \.0)
        capped(ids, limit: caps.list) { id in
            var item: String
            if let d = briefs.first(where: { $0.id == id }) {
                let steps = d.steps.map { step in
                    if step.event == "superseded", let by = step.detail {
                        return "superseded by \(MarkdownText.inline(by)) \(stamp(step.at))"
                    }
                    return "\(step.event) by \(MarkdownText.inline(step.actor)) \(stamp(step.at))"
                        + (step.detail.map { ": " + MarkdownText.inline($0) } ?? "")
                }
                item = "\(d.id) \(d.status): \(MarkdownText.inline(d.decision)) (\(steps.joined(separator: "; ")))."
            } else {
                let u = uptake[id]!
                item = "\(u.id) \(u.status): \(MarkdownText.inline(u.decision))."
            }
            if let u = uptake[id] {
                item += u.acknowledged.isEmpty ? " Acknowledged by nobody yet"
                    : " Acknowledged by " + u.acknowledged.map(MarkdownText.inline).joined(separator: ", ")
                item += u.notAcknowledged.isEmpty ? "; everyone concerned has it."
                    : "; not yet by " + u.notAcknowledged.map(MarkdownText.inline).joined(separator: ", ") + "."
            }
            if let commits = citing[id] { item += " Cited by " + commits.map { MarkdownText.code($0.1) }.joined(separator: ", ") + "." }
            return item
        }
    }

    // MARK: Per worker

    func workers() {
        heading(2, "Per worker")
        if report.workers.isEmpty {
            line("No worker entities are on this board (`coord launch` creates them).")
            return
        }
        let commits = Dictionary(grouping: report.git?.commits ?? [], by: { $0.attributedTo ?? "" })
        for w in report.workers.prefix(caps.list) {
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
            if let next = w.next { bullet("Next (\(stamp(next.at))): \(MarkdownText.inline(next.text))") }
            inline("Files", w.files)
            let own = commits[w.domain] ?? []
            let typed = w.commits.filter { hash in !own.contains { $0.hash.hasPrefix(hash) } }
            if !own.isEmpty {
                bullet("Commits (\(own.count)):")
                capped(own, limit: caps.perWorker, indent: 1) { commitLine($0) }
            }
            inline(own.isEmpty ? "Commits" : "Other commits named", typed)
            for h in w.handoffsGiven { bullet("Handed off to \(MarkdownText.inline(h.to)) at \(stamp(h.at))" + handoffDetail(h)) }
            if let report = w.finalReport { bullet("Final report: \(MarkdownText.inline(report))") }
        }
        if report.workers.count > caps.list {
            line()
            more(report.workers.count - caps.list)
        }
    }

    /// One commit: hash, subject, how it was attributed, the decisions it cites, the locks it went into.
    func commitLine(_ c: SynthesisReport.Commit, showWorker: Bool = false) -> String {
        var item = "\(MarkdownText.code(c.shortHash)) \(stamp(c.at)) \(MarkdownText.inline(c.subject))"
        var notes: [String] = []
        if showWorker { notes.append("by \(MarkdownText.inline(c.author))") }
        if let method = c.attributedBy, method != "trailer" { notes.append("attributed by \(method)") }
        if !c.decisions.isEmpty { notes.append("cites " + c.decisions.joined(separator: ", ")) }
        if !notes.isEmpty { item += " (" + notes.joined(separator: "; ") + ")" }
        for intrusion in c.intoLocks {
            item += "; **changed \(MarkdownText.code(intrusion.file)) while \(MarkdownText.inline(intrusion.holder)) held "
                + "\(MarkdownText.code(intrusion.lock)) locked**"
        }
        return item
    }

    private func items(_ label: String, _ items: [SynthesisReport.Item]) {
        guard !items.isEmpty else { return }
        if items.count == 1 {
            bullet("\(label) (\(stamp(items[0].at))): \(MarkdownText.inline(items[0].text))")
            return
        }
        bullet(items.count > caps.perWorker ? "\(label) (\(items.count), latest first):" : "\(label):")
        let shown = items.count > caps.perWorker ? Array(items.reversed()) : items
        capped(shown, limit: caps.perWorker, indent: 1) { "\(stamp($0.at)) \(MarkdownText.inline($0.text))" }
    }

    private func inline(_ label: String, _ values: [String]) {
        guard !values.isEmpty else { return }
        let limit = caps.perWorker == .max ? values.count : caps.perWorker * 2
        var text = values.prefix(limit).map(MarkdownText.code).joined(separator: ", ")
        if values.count > limit { text += " and \(values.count - limit) more" }
        bullet("\(label): " + text)
    }

    private func handoffDetail(_ h: SynthesisReport.Handoff) -> String {
        var detail = ""
        if !h.artifacts.isEmpty { detail += " (artifacts: " + h.artifacts.map(MarkdownText.code).joined(separator: ", ") + ")" }
        if let note = h.note { detail += ": " + MarkdownText.inline(note) }
        return detail + "."
    }

    // MARK: Across workers

    func across() {
        let a = report.across
        heading(2, "Across workers")
        guard report.workers.count >= 2 else {
            line(report.workers.isEmpty
                ? "No worker entities, so no insights across workers."
                : "Only one worker, so no insights across workers.")
            return
        }
        var nothing: [String] = []
        if a.sharedPaths.isEmpty { nothing.append("no path was touched by several workers") } else {
            heading(3, "Paths touched by several workers")
            capped(a.sharedPaths, limit: caps.list) {
                "\(MarkdownText.code($0.path)): \($0.workers.map(MarkdownText.inline).joined(separator: ", "))"
            }
        }
        if a.handoffChains.isEmpty { nothing.append("no handoffs between workers") } else {
            heading(3, "Handoff chains")
            capped(a.handoffChains, limit: caps.list) { $0.workers.map(MarkdownText.inline).joined(separator: " → ") }
        }
        if a.blockersResolvedByOthers.isEmpty { nothing.append("no blocker was resolved by another worker") } else {
            heading(3, "Blockers resolved by another worker")
            capped(a.blockersResolvedByOthers, limit: caps.list) { r in
                "\(MarkdownText.inline(r.raisedBy)) was blocked at \(stamp(r.raisedAt)) (\(MarkdownText.inline(r.blocker))); "
                    + "\(MarkdownText.inline(r.resolvedBy)) resolved it at \(stamp(r.resolvedAt))."
            }
        }
        if a.actedBeforeAcknowledging.isEmpty { nothing.append("no worker acted before acknowledging another worker's decision") } else {
            heading(3, "Acted before acknowledging a decision")
            capped(a.actedBeforeAcknowledging, limit: caps.list) { x in
                "\(MarkdownText.inline(x.worker)) recorded work at \(stamp(x.actedAt)) without having acknowledged \(x.decision), "
                    + "which \(MarkdownText.inline(x.madeBy)) made at \(stamp(x.madeAt))."
            }
        }
        guard !nothing.isEmpty else { return }
        if nothing.count == 4 {
            line(Self.sentence(nothing.joined(separator: "; ")))
        } else {
            line()
            line("Also: " + nothing.joined(separator: "; ") + ".")
        }
    }

    // MARK: Commits nobody claimed

    func unclaimedCommits() {
        guard let git = report.git else { return }
        heading(2, "Commits")
        if let problem = git.problem { line("The commits could not be read: \(MarkdownText.inline(problem))"); return }
        let domains = Set(report.workers.map(\.domain))
        let unclaimed = git.commits.filter { commit in commit.attributedTo.map { !domains.contains($0) } ?? true }
        let byMethod = Dictionary(grouping: git.commits.compactMap(\.attributedBy), by: { $0 }).mapValues(\.count)
        let methods = ["trailer", "author", "files"].compactMap { m in byMethod[m].map { "\($0) by \(m)" } }
        line("\(Self.plural(git.commits.count, "commit", "commits")) in the window"
            + (methods.isEmpty ? "" : "; attributed " + methods.joined(separator: ", "))
            + ". Workers' commits are listed under Per worker; the others are here. "
            + "A `\(GitHistory.trailerKey):` trailer (`coord trailer`) names the agent for sure.")
        guard !unclaimed.isEmpty else { return }
        line()
        capped(unclaimed, limit: caps.list) { c in
            commitLine(c, showWorker: c.attributedTo == nil) + (c.attributedTo.map { " — \(MarkdownText.inline($0))" } ?? "")
        }
    }

    // MARK: Locks

    func locks() {
        let l = report.locks
        heading(2, "Locks")
        if l.held.isEmpty && l.contested.isEmpty && l.forceBroken.isEmpty && l.expired.isEmpty {
            line("No locks were taken or held.")
            return
        }
        func omitted(_ list: String) -> Int { l.omitted.first(where: { $0.name == list })?.count ?? 0 }
        let expired = l.expired.count + omitted("expired")
        if expired > 0 { line("\(Self.plural(expired, "hold", "holds")) expired without release (marked expired below)."); line() }
        heading(3, "Held")
        capped(l.held, limit: caps.list, total: l.held.count + omitted("held")) { h in
            var item = "\(MarkdownText.code(h.path)): \(MarkdownText.inline(h.holder)), \(stamp(h.since))–"
            item += h.until.map(stamp) ?? "now"
            item += " (\(h.outcome)" + (h.token.map { ", token \($0)" } ?? "")
            if let expires = h.expires { item += ", expires \(stamp(expires))" }
            item += ")"
            if let intent = h.intent { item += ": " + MarkdownText.inline(intent) }
            if let b = l.forceBroken.first(where: { $0.path == h.path && $0.holder == h.holder && Optional($0.at) == h.until }) {
                item += "; broken by \(MarkdownText.inline(b.brokenBy)): \(MarkdownText.inline(b.reason))"
            }
            return item
        }
        if !l.contested.isEmpty {
            heading(3, "Contested")
            capped(l.contested, limit: caps.list, total: l.contested.count + omitted("contested")) { c in
                var item = "\(MarkdownText.code(c.path)): " + c.holders.map(MarkdownText.inline).joined(separator: ", ")
                if !c.refused.isEmpty {
                    item += "; refused " + c.refused.map { "\(MarkdownText.inline($0.agent)) at \(stamp($0.at))" }.joined(separator: ", ")
                }
                return item
            }
        }
    }
}

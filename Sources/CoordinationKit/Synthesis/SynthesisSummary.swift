import CoordStorage
import FoundationEssentials

/// What a lead reads first: the headline and the "needs you" list, made from
/// the rest of the report so that they never say anything the detail does not.
enum SynthesisSummary {
    /// An active worker silent this long before the window's end is stale (the observer's default).
    static let staleAfterSeconds = ObserverPolicy.defaultStaleAfter
    /// Items named in one headline sentence before "and N more".
    static let namedInSentence = 3

    /// Facts the report's sections do not keep but the action list needs.
    struct Extras {
        /// Proposed decisions at the window's end: id, text, proposer.
        var pending: [(id: String, decision: String, source: String)] = []
        /// Handoffs the receiver had not picked up by the window's end.
        var unpicked: [(from: String, to: String, at: ReportTime, receiverExists: Bool)] = []
        /// Live holds at the end with their expiry, and the workers who want their path.
        var expiring: [(hold: SynthesisReport.LockHold, wantedBy: [String])] = []
    }

    // MARK: Needs you

    static func needsYou(_ r: SynthesisReport, _ extras: Extras) -> [SynthesisReport.Action] {
        var actions: [SynthesisReport.Action] = []
        for d in extras.pending {
            actions.append(.init(kind: .approve, subject: d.id,
                                 text: "\(d.id) awaits approval or rejection (proposed by \(d.source)): \(d.decision).",
                                 command: "coord approve \(d.id)"))
        }
        for w in r.workers {
            for b in w.openBlockers {
                actions.append(.init(kind: .blocker, subject: w.domain,
                                     text: "\(w.domain) is blocked since \(b.at.day) \(b.at.clock): \(b.text).",
                                     command: "coord worker update \(w.domain) --unblocked --note \"…\""))
            }
        }
        let workerAgents = Set(r.workers.compactMap(\.agent))
        for d in r.across.decisions where d.status == DecisionStatus.accepted.rawValue {
            let missing = d.notAcknowledged.filter(workerAgents.contains)
            guard !missing.isEmpty else { continue }
            actions.append(.init(kind: .acknowledge, subject: d.id,
                                 text: "\(d.id) (\(d.status)) is not acknowledged by \(missing.joined(separator: ", ")); each of them acknowledges it.",
                                 command: "coord ack \(d.id)"))
        }
        for (hold, wanted) in extras.expiring {
            let until = hold.expires.map { " until \($0.day) \($0.clock)" } ?? ""
            actions.append(.init(kind: .expiringLock, subject: hold.path,
                                 text: "\(hold.holder) holds \(hold.path)\(until) while \(wanted.joined(separator: ", ")) "
                                     + (wanted.count == 1 ? "waits" : "wait") + " for it.",
                                 command: "coord unlock \(hold.path) --force --reason \"…\""))
        }
        for h in extras.unpicked {
            actions.append(.init(kind: .handoff, subject: h.to,
                                 text: "The handoff from \(h.from) to \(h.to) at \(h.at.clock) was not picked up"
                                     + (h.receiverExists ? "." : ": there is no worker \(h.to)."),
                                 command: h.receiverExists ? "coord worker show \(h.to)"
                                     : "coord launch --workers 1 --domains \(h.to) --goal \"…\""))
        }
        let end = (r.window.asOf ?? r.window.end).epochSeconds
        for w in r.workers where w.status == WorkerStatus.active.rawValue || w.status == WorkerStatus.blocked.rawValue {
            let silent = w.last.map { end - $0.epochSeconds } ?? Int64.max
            guard silent > staleAfterSeconds else { continue }
            let since = w.last.map { "has sent nothing since \($0.clock)" } ?? "sent nothing in this window"
            actions.append(.init(kind: .staleWorker, subject: w.domain, text: "\(w.domain) is \(w.status) but \(since).",
                                 command: "coord worker show \(w.domain)"))
        }
        return actions
    }

    // MARK: Headline

    static func headline(_ r: SynthesisReport) -> [String] {
        if r.empty { return ["Nothing was recorded in this window."] }
        return [shipped(r), blocked(r), architecture(r), git(r), needs(r)].compactMap { $0 }
    }

    private static func shipped(_ r: SynthesisReport) -> String {
        let finished = r.workers.filter { $0.status == WorkerStatus.complete.rawValue && $0.finalReport != nil }
        let steps = r.workers.flatMap { w in w.completed.map { (w.domain, $0) } }.sorted { $0.1.at < $1.1.at }
        var parts: [String] = []
        if !finished.isEmpty {
            parts.append(named(finished.map { "\($0.domain) finished (\(short($0.finalReport ?? "")))" }))
        }
        if let latest = steps.last {
            let what = "workers completed \(count(steps.count, "step", "steps")), the latest \"\(short(latest.1.text))\""
            parts.append(what + " (\(latest.0), \(latest.1.at.clock))")
        }
        return parts.isEmpty ? "Shipped: nothing was recorded as completed." : "Shipped: " + parts.joined(separator: "; ") + "."
    }

    private static func blocked(_ r: SynthesisReport) -> String {
        let open = r.workers.flatMap { w in w.openBlockers.map { "\(w.domain) since \($0.at.clock) (\(short($0.text)))" } }
        if !open.isEmpty { return "Blocked at the end: " + named(open) + "." }
        let p = r.progress
        if p.blockersOpened > 0 || p.blockersResolved > 0 {
            return "Nothing is blocked: \(count(p.blockersOpened, "blocker was", "blockers were")) raised and "
                + "\(p.blockersResolved) cleared."
        }
        return "Nothing was blocked."
    }

    private static func architecture(_ r: SynthesisReport) -> String {
        let briefs = r.progress.decisions
        guard !briefs.isEmpty else { return "Architecture: no decision was made or changed." }
        var clauses: [String] = []
        for d in briefs where d.status != "superseded" {
            let replaced = briefs.filter { old in old.steps.contains { $0.event == "superseded" && $0.detail == d.id } }.map(\.id)
            let verb = switch d.status {
            case "accepted": replaced.isEmpty ? "was accepted" : "replaced " + replaced.joined(separator: ", ")
            case "proposed": "is proposed"
            case "rejected": "was rejected"
            default: "is \(d.status)"
            }
            clauses.append("\(d.id) (\(short(d.decision))) \(verb)")
        }
        return "Architecture: " + named(clauses, limit: 4, noun: ("decision", "decisions")) + "."
    }

    private static func git(_ r: SynthesisReport) -> String? {
        guard let git = r.git, !git.commits.isEmpty else { return nil }
        let attributed = git.commits.filter { $0.attributedTo != nil }.count
        var sentence = "Git: \(count(git.commits.count, "commit", "commits")), \(attributed) attributed"
        let intrusions = git.commits.filter { !$0.intoLocks.isEmpty }.count
        if intrusions > 0 { sentence += "; \(intrusions) changed a path another agent held locked" }
        return sentence + "."
    }

    private static func needs(_ r: SynthesisReport) -> String {
        guard !r.needsYou.isEmpty else { return "Nothing needs a human." }
        let phrases: [(SynthesisReport.Action.Kind, String, String)] = [
            (.approve, "decision to approve or reject", "decisions to approve or reject"),
            (.blocker, "open blocker", "open blockers"),
            (.acknowledge, "decision workers have not acknowledged", "decisions workers have not acknowledged"),
            (.expiringLock, "lock someone waits for", "locks someone waits for"),
            (.handoff, "handoff nobody picked up", "handoffs nobody picked up"),
            (.staleWorker, "silent worker", "silent workers"),
        ]
        let parts = phrases.compactMap { kind, one, many in
            let n = r.needsYou.filter { $0.kind == kind }.count
            return n == 0 ? nil : count(n, one, many)
        }
        return "Needs you (\(r.needsYou.count)): " + parts.joined(separator: ", ") + "."
    }

    // MARK: Words

    /// "a, b, c and 2 more".
    static func named(_ items: [String], limit: Int = namedInSentence, noun: (String, String)? = nil) -> String {
        guard items.count > limit else {
            return items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
        let rest = items.count - limit
        let more = noun.map { " more " + (rest == 1 ? $0.0 : $0.1) } ?? " more"
        return items.prefix(limit).joined(separator: ", ") + " and \(rest)" + more
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { n == 1 ? "1 \(one)" : "\(n) \(many)" }

    /// At most 60 characters of `text`, cut at a word with "…".
    static func short(_ text: String, limit: Int = 60) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        let word = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return String(word) + "…"
    }
}

extension SynthesisSummary {
    /// Live holds that someone else wants: another worker named a file under the
    /// path, a blocker names it, or another agent held it in turn today.
    static func wanted(_ live: [SynthesisReport.LockHold], workers: WorkerDigest,
                       contested: [SynthesisReport.LockContest]) -> [(hold: SynthesisReport.LockHold, wantedBy: [String])] {
        live.compactMap { hold in
            guard let path = try? LockPath(hold.path) else { return nil }
            let holderWorker = workers.domainByAgent[hold.holder]
            var wanting = Set<String>()
            for (worker, file) in workers.touched where worker != holderWorker {
                if let named = try? LockPath(file), path.overlaps(named) { wanting.insert(worker) }
            }
            for summary in workers.summaries where summary.domain != holderWorker {
                if summary.openBlockers.contains(where: { $0.text.contains(hold.path) }) { wanting.insert(summary.domain) }
            }
            for contest in contested where contest.path == hold.path {
                for agent in contest.holders where agent != hold.holder { wanting.insert(workers.domainByAgent[agent] ?? agent) }
            }
            return wanting.isEmpty ? nil : (hold, wanting.sorted())
        }
    }
}

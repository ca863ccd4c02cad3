import CoordStorage

/// How decisions read on a terminal and as Markdown. Text from the board is
/// shown with its line breaks, but every other control character escaped, so
/// a decision cannot drive the terminal.
public enum DecisionText {
    /// `coord decisions`: two lines per decision, and with `unacked` the command that acknowledges them.
    public static func listing(_ decisions: [Decision], unacked: Bool, style: TextStyle) -> String {
        if decisions.isEmpty {
            return unacked ? "Nothing to acknowledge: you know every active decision." : "No decisions match."
        }
        var lines = decisions.flatMap { summary($0, style: style) }
        if unacked {
            lines += ["", "Read them (coord decision show ADR-NNN), then: coord ack \(decisions.map(\.id).joined(separator: " "))"]
        }
        return lines.joined(separator: "\n")
    }

    /// `coord decide`: what was recorded, and how to settle a proposal.
    public static func decided(_ decision: Decision) -> String {
        var text = "Decided \(decision.id) (\(decision.status.rawValue)): \(Escaping.escape(decision.decision))"
        if let vote = decision.vote {
            text += "\nOpen for a vote: it closes when \(vote.quorum) agent\(vote.quorum == 1 ? " has" : "s have") voted"
            text += (vote.voters.map { " (voters: " + $0.joined(separator: ", ") + ")" } ?? "") + "; more yes than no accepts it."
            text += "\nVote with: coord vote \(decision.id) yes  or  coord vote \(decision.id) no --reason …"
        } else if decision.status == .proposed {
            text += "\nSettle it with: coord approve \(decision.id)  or  coord reject \(decision.id) --reason …"
        }
        return text
    }

    /// `coord approve`.
    public static func approved(_ decision: Decision) -> String {
        var text = "Approved \(decision.id): \(Escaping.escape(decision.decision))"
        if !decision.supersedes.isEmpty { text += "\nSuperseded: \(decision.supersedes.joined(separator: ", "))" }
        return text
    }

    /// `coord reject`.
    public static func rejected(_ decision: Decision) -> String {
        "Rejected \(decision.id): \(Escaping.escape(decision.decision))"
    }

    /// `coord vote`: the vote taken, and the tally or the outcome.
    public static func voted(_ result: VoteResult) -> String {
        let decision = result.decision
        var lines: [String] = []
        if result.unchanged {
            lines.append("Already voted \(result.choice.rawValue) on \(decision.id) as \(result.agent): nothing recorded.")
        } else if let replaced = result.replaced {
            lines.append("Voted \(result.choice.rawValue) on \(decision.id) as \(result.agent), changed from \(replaced.rawValue) to \(result.choice.rawValue).")
        } else {
            lines.append("Voted \(result.choice.rawValue) on \(decision.id) as \(result.agent).")
        }
        if let vote = decision.vote {
            let tally = "\(vote.yes.count) yes, \(vote.no.count) no"
            if result.closed {
                lines.append("The vote reached its quorum of \(vote.quorum): \(decision.id) is \(decision.status.rawValue) (\(tally)).")
            } else if vote.isOpen {
                lines.append("Tally: \(tally); the vote closes at \(vote.quorum) voters (\(vote.ballots.count) so far).")
            } else {
                lines.append("\(decision.id) is \(decision.status.rawValue) (\(tally)).")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `coord ack`; nil when nothing was named (never, as the command needs an id).
    public static func acknowledged(_ result: AckResult) -> String? {
        var lines: [String] = []
        if !result.acknowledged.isEmpty { lines.append("Acknowledged \(result.acknowledged.joined(separator: ", ")).") }
        if !result.alreadyKnown.isEmpty { lines.append("Already acknowledged: \(result.alreadyKnown.joined(separator: ", ")).") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// Two lines per decision for `coord decisions`.
    static func summary(_ decision: Decision, style: TextStyle) -> [String] {
        let status = TextTable.padded(decision.status.rawValue, 10)
        let tags = decision.tags.isEmpty ? "" : "  " + style.apply("[" + decision.tags.joined(separator: ", ") + "]", "2")
        var first = style.apply(decision.id, "1") + "  " + style.apply(status, colour(decision.status)) + "  "
        first += Escaping.escape(decision.decision) + tags
        if let vote = decision.vote, vote.isOpen {
            first += "  " + style.apply("vote open \(vote.ballots.count)/\(vote.quorum)", "33")
        }
        var details = ["\(decision.date) \(decision.source)"]
        if !decision.context.isEmpty { details.append("context: " + Escaping.escape(shortened(decision.context))) }
        if !decision.supersedes.isEmpty { details.append("supersedes " + decision.supersedes.joined(separator: ", ")) }
        if let by = decision.supersededBy { details.append("superseded by " + by) }
        if let reason = decision.rejectionReason { details.append("rejected: " + Escaping.escape(shortened(reason))) }
        if let vote = decision.vote { details.append(voteSummary(vote)) }
        if !decision.acknowledgedBy.isEmpty { details.append("acked by " + decision.acknowledgedBy.joined(separator: ", ")) }
        return [first, "         " + style.apply(details.joined(separator: "; "), "2")]
    }

    /// `coord decision show` (text).
    public static func full(_ decision: Decision, zone: BoardTimeZone, style: TextStyle) -> String {
        var lines = [style.apply(decision.id, "1") + " · " + style.apply(decision.status.rawValue, colour(decision.status)),
                     safe(decision.decision), ""]
        func field(_ name: String, _ value: String) {
            let label = TextTable.padded(name + ":", 12)
            lines.append(label + safe(value).replacing("\n", with: "\n" + String(repeating: " ", count: 12)))
        }
        field("Context", decision.context)
        field("Rationale", decision.rationale)
        field("Date", "\(decision.date), by \(decision.source)")
        if !decision.supersedes.isEmpty { field("Supersedes", decision.supersedes.joined(separator: ", ")) }
        if let by = decision.supersededBy { field("Superseded", "by \(by)") }
        if let reason = decision.rejectionReason { field("Rejected", reason) }
        if !decision.tags.isEmpty { field("Tags", decision.tags.joined(separator: ", ")) }
        if let vote = decision.vote {
            field("Vote", voteSummary(vote) + (vote.voters.map { "; voters " + $0.joined(separator: ", ") } ?? "; any agent may vote"))
            for ballot in vote.ballots { lines.append(String(repeating: " ", count: 12) + ballotLine(ballot)) }
        }
        field("Acked by", decision.acknowledgedBy.isEmpty ? "nobody yet" : decision.acknowledgedBy.joined(separator: ", "))
        if let original = decision.originalID { field("Imported as", original) }
        for (key, value) in decision.extra.sorted(by: { $0.key < $1.key }) { field(key, json(value)) }
        lines.append("")
        lines.append("History:")
        for entry in decision.history { lines.append("  " + historyLine(entry, zone: zone)) }
        return lines.joined(separator: "\n")
    }

    /// `coord decision show --format md`: a readable ADR.
    public static func markdown(_ decision: Decision, zone: BoardTimeZone) -> String {
        var lines = ["# \(decision.id): \(safe(decision.decision))", ""]
        lines.append("- **Status:** \(decision.status.rawValue)")
        lines.append("- **Date:** \(safe(decision.date))")
        lines.append("- **Source:** \(decision.source)")
        if !decision.supersedes.isEmpty { lines.append("- **Supersedes:** " + decision.supersedes.joined(separator: ", ")) }
        if let by = decision.supersededBy { lines.append("- **Superseded by:** \(by)") }
        if let reason = decision.rejectionReason { lines.append("- **Rejected because:** \(safe(reason))") }
        if !decision.tags.isEmpty { lines.append("- **Tags:** " + decision.tags.joined(separator: ", ")) }
        if let vote = decision.vote {
            lines.append("- **Vote:** " + voteSummary(vote))
            for ballot in vote.ballots { lines.append("  - " + ballotLine(ballot)) }
        }
        let acked = decision.acknowledgedBy.isEmpty ? "nobody yet" : decision.acknowledgedBy.joined(separator: ", ")
        lines.append("- **Acknowledged by:** \(acked)")
        if let original = decision.originalID { lines.append("- **Imported as:** \(original)") }
        for (title, body) in [("Context", decision.context), ("Decision", decision.decision), ("Rationale", decision.rationale)] {
            lines += ["", "## \(title)", "", body.isEmpty ? "_Not recorded._" : safe(body)]
        }
        if !decision.extra.isEmpty {
            lines += ["", "## Other fields", ""]
            for (key, value) in decision.extra.sorted(by: { $0.key < $1.key }) { lines.append("- `\(key)`: \(json(value))") }
        }
        lines += ["", "## History", ""]
        for entry in decision.history { lines.append("- " + historyLine(entry, zone: zone)) }
        return lines.joined(separator: "\n")
    }

    static func historyLine(_ entry: DecisionHistoryEntry, zone: BoardTimeZone) -> String {
        let local = zone.local(entry.at)
        var line = "\(local.date) \(local.time)  \(entry.event)"
        switch entry.event {
        case "decided": line += " by \(entry.actor)" + (entry.status.map { " (\($0))" } ?? "")
        case "superseded": line += " by \(entry.by ?? "a later decision") (recorded by \(entry.actor))"
        case "acked": line += " by \(entry.actor)"
        case "voted":
            line += " \(entry.vote?.rawValue ?? "?") by \(entry.actor)"
            if let replaced = entry.replacedVote, let vote = entry.vote {
                line += ", changed from \(replaced.rawValue) to \(vote.rawValue)"
            }
        default:
            line += " by \(entry.actor)"
            if let tally = entry.tally {
                let who = "yes: \(tally.yes.isEmpty ? "nobody" : tally.yes.joined(separator: ", ")); no: \(tally.no.isEmpty ? "nobody" : tally.no.joined(separator: ", "))"
                line += entry.overridesVote ? ", overriding the open vote (\(who))" : " closing the vote (\(who))"
            }
        }
        if let reason = entry.reason { line += ": " + Escaping.escape(reason) }
        if entry.origin == "import" { line += " [imported]" }
        return line
    }

    /// `vote open: 1 yes, 0 no, quorum 3` or `closed by vote (accepted): 2 yes, 1 no, quorum 3`.
    static func voteSummary(_ vote: DecisionVote) -> String {
        let tally = "\(vote.yes.count) yes, \(vote.no.count) no, quorum \(vote.quorum)"
        switch vote.state {
        case .open: return "vote open: \(tally)"
        case .accepted, .rejected: return "closed by vote (\(vote.state.rawValue)): \(tally)"
        case .overridden: return "vote overridden by \(vote.closedBy ?? "?") at \(tally)"
        }
    }

    /// `alice  no  (changed from yes to no): too slow`.
    static func ballotLine(_ ballot: Ballot) -> String {
        var line = ballot.agent + "  " + ballot.choice.rawValue
        if let earlier = ballot.replaced.last { line += "  (changed from \(earlier.rawValue) to \(ballot.choice.rawValue))" }
        if let reason = ballot.reason { line += ": " + Escaping.escape(reason) }
        return line
    }

    static func colour(_ status: DecisionStatus) -> String {
        switch status {
        case .accepted: return "32"
        case .proposed: return "33"
        case .rejected: return "31"
        case .superseded: return "2"
        }
    }

    /// Escapes control characters but keeps line breaks.
    static func safe(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { Escaping.escape(String($0)) }
            .joined(separator: "\n")
    }

    static func shortened(_ text: String) -> String {
        let line = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        return line.count <= 80 && !text.contains("\n") ? line : String(line.prefix(79)) + "…"
    }

    static func json(_ value: JSONValue) -> String {
        (try? BoardJSON.line(value)).map { Escaping.escape(String(decoding: $0, as: UTF8.self)) } ?? "?"
    }
}

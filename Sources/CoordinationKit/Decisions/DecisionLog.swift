import CoordStorage
import FoundationEssentials

/// The decisions on a board: the fold of `decisions.jsonl`, oldest first.
///
/// The fold is lenient, because a journal may have been merged by git or
/// edited by hand: a repeated event `id` is applied once; a second `decided`
/// for an id that already exists is ignored and listed in `conflicts` (the
/// earlier line wins); events for unknown decisions are listed there too.
public struct DecisionLog: Sendable, JournalFold {
    public static let fileName = DecisionEvent.fileName

    public private(set) var decisions: [Decision] = []
    /// Problems found while folding, one sentence each, for warnings.
    public private(set) var conflicts: [String] = []
    /// The highest decision number ever used (including ignored duplicates).
    public private(set) var highestNumber = 0
    private var positions: [String: Int] = [:]
    private var seen: Set<String> = []
    private let zone: BoardTimeZone

    /// No decisions yet: apply records to fold.
    public init(zone: BoardTimeZone) { self.zone = zone }

    public init(_ records: [Stored<DecisionEvent>], zone: BoardTimeZone) {
        self.init(zone: zone)
        apply(records)
    }

    /// Applies one record (read with its unknown fields, which a decision keeps). A repeated `id` changes nothing.
    public mutating func apply(_ record: Stored<DecisionEvent>) {
        guard seen.insert(record.value.id).inserted else { return }
        apply(record.value, extra: record.extra, line: record.line, zone: zone)
    }

    public func decision(_ id: String) -> Decision? {
        positions[id].map { decisions[$0] }
    }

    /// The decision `id`, or a "not found" error.
    public func require(_ id: String) throws -> Decision {
        guard let found = decision(id) else { throw CoordError.decisionNotFound(id, known: decisions.count) }
        return found
    }

    /// The next free id: one past the highest number ever used.
    public var nextID: String { DecisionID.format(highestNumber + 1) }

    // MARK: Folding

    private mutating func apply(_ event: DecisionEvent, extra: [String: JSONValue], line: Int?, zone: BoardTimeZone) {
        let at = Timestamp.parse(event.at, in: .utc) ?? Date(timeIntervalSince1970: 0)
        if event.event == .decided {
            if let number = DecisionID.number(in: event.adr) { highestNumber = max(highestNumber, number) }
            guard positions[event.adr] == nil else {
                conflicts.append("\(event.adr) is recorded twice in \(Self.fileName)\(line.map { " (again at line \($0))" } ?? ""); the earlier record is used, so give the later one a new id.")
                return
            }
            positions[event.adr] = decisions.count
            decisions.append(Self.decision(from: event, at: at, extra: extra, zone: zone))
            return
        }
        guard let index = positions[event.adr] else {
            conflicts.append("\(Self.fileName)\(line.map { " line \($0)" } ?? "") records '\(event.event)' for \(event.adr), which was never decided; the line is ignored.")
            return
        }
        var entry = DecisionHistoryEntry(event: event.event.rawValue, actor: event.actor, at: at, status: nil,
                                         reason: event.reason, by: event.by, origin: event.origin, extra: extra)
        switch event.event {
        case .approved:
            decisions[index].status = .accepted
            decisions[index].changedAt = at
            closeVote(at: index, event, at: at, entry: &entry)
        case .rejected:
            decisions[index].status = .rejected
            decisions[index].rejectionReason = event.reason
            decisions[index].changedAt = at
            closeVote(at: index, event, at: at, entry: &entry)
        case .voted:
            entry.vote = event.vote.flatMap(VoteChoice.init(rawValue:))
            // A vote counts only while its decision's vote is open (a merged or
            // hand-edited journal may hold one after the close: it stays in the history).
            if let choice = entry.vote, var vote = decisions[index].vote, vote.isOpen,
               decisions[index].status == .proposed, vote.admits(event.actor) {
                entry.replacedVote = vote.ballot(of: event.actor)?.choice
                vote.ballots = vote.casting(choice, by: event.actor, reason: event.reason, at: at)
                decisions[index].vote = vote
            }
        case .superseded:
            decisions[index].status = .superseded
            decisions[index].supersededBy = event.by
            decisions[index].changedAt = at
        case .acked:
            if !decisions[index].acknowledgedBy.contains(event.actor) {
                decisions[index].acknowledgedBy.append(event.actor)
            }
        default:
            entry.status = event.status
        }
        decisions[index].history.append(entry)
    }

    /// An approval or rejection closes an open vote: by the vote when it carries
    /// the tally and no override, else as overriding it (also when an older coord
    /// approved it by hand and wrote neither).
    private mutating func closeVote(at index: Int, _ event: DecisionEvent, at: Date, entry: inout DecisionHistoryEntry) {
        entry.tally = event.tally
        entry.quorum = event.quorum
        entry.overridesVote = event.overridesVote == true
        guard var vote = decisions[index].vote, vote.isOpen else { return }
        if event.tally != nil && event.overridesVote != true {
            vote.state = event.event == .approved ? .accepted : .rejected
        } else {
            vote.state = .overridden
        }
        vote.closedAt = at
        vote.closedBy = event.actor
        decisions[index].vote = vote
    }

    private static func decision(from event: DecisionEvent, at: Date, extra: [String: JSONValue],
                                 zone: BoardTimeZone) -> Decision {
        var fields = extra
        // Imported fields whose names coord uses itself go back to their own names.
        for (key, value) in event.importedFields ?? [:] { fields[key] = value }
        let date = event.date ?? zone.local(at).date.description
        // A decision recorded on an earlier day than it reached this board (an
        // imported one) counts from its own day.
        var decidedAt = at
        if let recorded = Timestamp.parse(date, in: zone), zone.local(recorded).date < zone.local(at).date {
            decidedAt = recorded
        }
        let status = DecisionStatus(rawValue: event.status ?? "") ?? .accepted
        var vote: DecisionVote?
        if status == .proposed, let quorum = event.quorum, quorum >= 1 {
            vote = DecisionVote(quorum: quorum, voters: event.voters)
        }
        return Decision(
            id: event.adr, number: DecisionID.number(in: event.adr) ?? 0, date: date,
            context: event.context ?? "", decision: event.decision ?? "", rationale: event.rationale ?? "",
            source: event.source ?? event.actor, status: status == .proposed ? .proposed : .accepted,
            supersedes: event.supersedes ?? [], supersededBy: nil, tags: event.tags ?? [], acknowledgedBy: [],
            originalID: event.originalID, rejectionReason: nil, decidedAt: decidedAt, changedAt: decidedAt,
            history: [DecisionHistoryEntry(event: event.event.rawValue, actor: event.actor, at: at,
                                           status: status == .proposed ? "proposed" : "accepted", reason: nil,
                                           by: nil, origin: event.origin, extra: [:], quorum: vote?.quorum)],
            extra: fields, vote: vote)
    }
}

/// Filters for `coord decisions`.
public struct DecisionQuery: Sendable {
    /// `active` means accepted or proposed.
    public enum StatusFilter: String, Sendable, CaseIterable {
        case active, proposed, accepted, rejected, superseded
    }

    /// Only active decisions this agent has neither made nor acknowledged.
    public var unackedBy: String?
    /// Case-insensitive text in the context, decision, rationale or tags.
    public var search: String?
    public var status: StatusFilter?
    /// Decided, or changed status, at or after this instant.
    public var since: Date?

    public init(unackedBy: String? = nil, search: String? = nil, status: StatusFilter? = nil, since: Date? = nil) {
        self.unackedBy = unackedBy
        self.search = search
        self.status = status
        self.since = since
    }

    public func matches(_ decision: Decision) -> Bool {
        if let agent = unackedBy, !decision.status.isActive || decision.isKnown(to: agent) { return false }
        if let status {
            switch status {
            case .active: if !decision.status.isActive { return false }
            default: if decision.status.rawValue != status.rawValue { return false }
            }
        }
        if let since, decision.decidedAt < since, decision.changedAt < since { return false }
        if let search, !search.isEmpty {
            let needle = search.lowercased()
            let haystacks = [decision.context, decision.decision, decision.rationale] + decision.tags
            if !haystacks.contains(where: { $0.lowercased().contains(needle) }) { return false }
        }
        return true
    }
}

import CoordStorage
import FoundationEssentials

/// The decisions part of a report: what was decided or changed in the window,
/// and who has and has not taken each active decision in.
struct DecisionDigest {
    var briefs: [SynthesisReport.DecisionBrief] = []
    var uptake: [SynthesisReport.DecisionUptake] = []
    /// Agents that made, acknowledged, approved or rejected any decision by the window's end.
    var participants: Set<String> = []
    var invalid: [InvalidLine] = []
    var eventsInWindow = 0
    /// Proposed decisions at the window's end, awaiting approval.
    var pending: [(id: String, decision: String, source: String)] = []
    /// Every decision's id by number, for commits that cite one.
    var idsByNumber: [Int: String] = [:]
    /// Active decisions: who made each and when, and when each agent acknowledged it.
    var active: [(id: String, source: String, at: Date, known: [String: Date])] = []

    /// Reads `decisions.jsonl` as it stood at the window's end. `expected` are the
    /// agents that should know the active decisions (the workers' agents); the
    /// decisions' own participants are added to them.
    static func read(_ workspace: Workspace, window: SynthesisWindow, expected: Set<String>) throws -> DecisionDigest {
        let zone = workspace.timeZone
        let contents = try RecordJournal<DecisionEvent>(directory: workspace.board).read(options: .unknownFields)
        var digest = DecisionDigest(invalid: contents.invalid)
        guard !contents.records.isEmpty else { return digest }
        func instant(_ event: DecisionEvent) -> Date { Timestamp.parse(event.at, in: .utc) ?? .distantPast }
        let upToEnd = contents.records.filter { window.includesEnd ? instant($0.value) <= window.end : instant($0.value) < window.end }
        let log = DecisionLog(upToEnd, zone: zone)

        for decision in log.decisions {
            digest.idsByNumber[decision.number] = decision.id
            if decision.status == .proposed { digest.pending.append((decision.id, decision.decision, decision.source)) }
            if decision.status.isActive {
                var known: [String: Date] = [decision.source: decision.decidedAt]
                for step in decision.history where known[step.actor] == nil { known[step.actor] = step.at }
                digest.active.append((decision.id, decision.source, decision.decidedAt, known))
            }
            digest.participants.insert(decision.source)
            digest.participants.formUnion(decision.acknowledgedBy)
            digest.participants.formUnion(decision.history.map(\.actor))
        }
        let audience = expected.union(digest.participants)
        for decision in log.decisions.sorted(by: { ($0.number, $0.id) < ($1.number, $1.id) }) {
            // Acknowledgements and single votes are not steps; the close of a vote carries its tally.
            let quiet: Set<String> = [DecisionEvent.Kind.acked.rawValue, DecisionEvent.Kind.voted.rawValue]
            let steps = decision.history.filter { window.contains($0.at) && !quiet.contains($0.event) }
            digest.eventsInWindow += decision.history.filter { window.contains($0.at) }.count
            if !steps.isEmpty {
                digest.briefs.append(SynthesisReport.DecisionBrief(
                    id: decision.id, decision: decision.decision, status: decision.status.rawValue, source: decision.source,
                    steps: steps.map { step in
                        let event = step.event == "decided" && step.status == "proposed" ? "proposed" : step.event
                        return SynthesisReport.DecisionStep(event: event, actor: step.actor, at: ReportTime(step.at, in: zone),
                                                            detail: Self.voteDetail(step) ?? step.reason ?? step.by)
                    }))
            }
            guard decision.status.isActive else { continue }
            // Whoever made, acknowledged, approved or rejected it has taken it in.
            let known = Set(decision.history.map(\.actor)).union(decision.acknowledgedBy).union([decision.source])
            let missing = audience.subtracting(known).sorted()
            guard !steps.isEmpty || !missing.isEmpty else { continue }
            digest.uptake.append(SynthesisReport.DecisionUptake(
                id: decision.id, decision: decision.decision, status: decision.status.rawValue,
                acknowledged: decision.acknowledgedBy.sorted(), notAcknowledged: missing))
        }
        digest.pending.sort { $0.id < $1.id }
        digest.active.sort { $0.id < $1.id }
        return digest
    }

    /// `closed by vote: 2 yes (alice, bob), 1 no (carol), quorum 3` on the step that closed a
    /// vote, and `overriding the vote at …` on a hand approval or rejection of an open one.
    static func voteDetail(_ step: DecisionHistoryEntry) -> String? {
        guard let tally = step.tally else { return nil }
        func side(_ agents: [String], _ name: String) -> String {
            "\(agents.count) \(name)" + (agents.isEmpty ? "" : " (" + agents.joined(separator: ", ") + ")")
        }
        let counts = side(tally.yes, "yes") + ", " + side(tally.no, "no") + (step.quorum.map { ", quorum \($0)" } ?? "")
        return (step.overridesVote ? "overriding the vote at " : "closed by vote: ") + counts
    }

    /// Workers that recorded work after another worker made an active decision, before
    /// they had acknowledged it (or without ever doing so): the first such record per
    /// worker and decision.
    func actedBeforeAcknowledging(workTimes: [String: [Date]], domainByAgent: [String: String],
                                  zone: BoardTimeZone) -> [SynthesisReport.ActedBeforeAcknowledging] {
        var found: [SynthesisReport.ActedBeforeAcknowledging] = []
        for decision in active where domainByAgent[decision.source] != nil {
            for agent in workTimes.keys.sorted() where agent != decision.source {
                let acknowledged = decision.known[agent] ?? .distantFuture
                guard let acted = workTimes[agent]?.first(where: { $0 > decision.at && $0 < acknowledged }) else { continue }
                found.append(.init(decision: decision.id, madeBy: domainByAgent[decision.source] ?? decision.source,
                                   madeAt: ReportTime(decision.at, in: zone), worker: domainByAgent[agent] ?? agent,
                                   actedAt: ReportTime(acted, in: zone)))
            }
        }
        return found.sorted { ($0.actedAt, $0.worker, $0.decision) < ($1.actedAt, $1.worker, $1.decision) }
    }
}

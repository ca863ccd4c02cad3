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

    /// Reads `decisions.jsonl` as it stood at the window's end. `expected` are the
    /// agents that should know the active decisions (the workers' agents); the
    /// decisions' own participants are added to them.
    static func read(_ workspace: Workspace, window: SynthesisWindow, expected: Set<String>) throws -> DecisionDigest {
        let zone = workspace.timeZone
        let contents = try DecisionJournal.read(workspace.board)
        var digest = DecisionDigest(invalid: contents.invalid)
        guard !contents.records.isEmpty else { return digest }
        func instant(_ event: DecisionEvent) -> Date { Timestamp.parse(event.at, in: .utc) ?? .distantPast }
        let upToEnd = contents.records.filter { window.date == nil ? instant($0.value) <= window.end : instant($0.value) < window.end }
        let log = DecisionLog(upToEnd, zone: zone)

        for decision in log.decisions {
            digest.participants.insert(decision.source)
            digest.participants.formUnion(decision.acknowledgedBy)
            digest.participants.formUnion(decision.history.map(\.actor))
        }
        let audience = expected.union(digest.participants)
        for decision in log.decisions.sorted(by: { ($0.number, $0.id) < ($1.number, $1.id) }) {
            let steps = decision.history.filter { window.contains($0.at) && $0.event != DecisionEvent.Kind.acked.rawValue }
            digest.eventsInWindow += decision.history.filter { window.contains($0.at) }.count
            if !steps.isEmpty {
                digest.briefs.append(SynthesisReport.DecisionBrief(
                    id: decision.id, decision: decision.decision, status: decision.status.rawValue, source: decision.source,
                    steps: steps.map { step in
                        let event = step.event == "decided" && step.status == "proposed" ? "proposed" : step.event
                        return SynthesisReport.DecisionStep(event: event, actor: step.actor, at: ReportTime(step.at, in: zone),
                                                            detail: step.reason ?? step.by)
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
        return digest
    }
}

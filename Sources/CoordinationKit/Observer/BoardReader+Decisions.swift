import CoordStorage
import FoundationEssentials

/// Decisions, from `.coordination/decisions.jsonl` (one line per decision
/// event: small next to the bulletin, so it is folded whole).
extension BoardReader {
    func decisions() throws -> [ObservedDecision] {
        try Decisions(workspace).log().decisions.map { decision in
            ObservedDecision(id: decision.id, title: decision.decision, status: decision.status.rawValue,
                             source: decision.source, date: decision.decidedAt,
                             acknowledgedBy: Set(decision.acknowledgedBy),
                             openVote: decision.vote.flatMap {
                                 $0.isOpen ? ObservedDecision.OpenVote(votes: $0.ballots.count, quorum: $0.quorum) : nil
                             })
        }
    }
}

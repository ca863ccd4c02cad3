import CoordStorage
import FoundationEssentials

/// The git part of a report: the window's commits, attributed to workers and
/// checked against the locks and the decisions.
enum GitDigest {
    /// Nil when the workspace is not in a git repository.
    static func read(_ root: String, window: SynthesisWindow, workers: WorkerDigest, locks: LockDigest,
                     decisions: DecisionDigest, agents: Set<String>, zone: BoardTimeZone) -> SynthesisReport.GitSummary? {
        switch GitHistory(root: root).commits(from: window.start, to: window.end, includingEnd: window.includesEnd) {
        case .notARepository:
            return nil
        case .failed(let reason):
            return SynthesisReport.GitSummary(commits: [], problem: reason)
        case .commits(let raw):
            var consolidation = GitConsolidation()
            consolidation.domainByAgent = workers.domainByAgent
            consolidation.knownAgents = agents.union(locks.holds.map(\.holder)).union(decisions.participants)
            consolidation.workerFiles = workers.touched
            consolidation.holds = locks.holds
            consolidation.decisionIDs = decisions.idsByNumber
            consolidation.zone = zone
            return SynthesisReport.GitSummary(commits: consolidation.commits(raw), problem: nil)
        }
    }
}

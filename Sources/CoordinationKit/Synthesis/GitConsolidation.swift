import CoordStorage
import FoundationEssentials

/// Ties the window's commits to the board: who made each one, which decision
/// it cites, and whether it changed a path another agent held locked.
///
/// Plain values in, plain values out, so the rules are tested without git.
struct GitConsolidation {
    /// A lock hold: `holder` held `path` from `since` until `until` (nil: still held).
    struct Hold {
        var holder: String
        var path: LockPath
        var since: Date
        var until: Date?

        /// Whether the hold was in force at `instant`.
        func covers(_ instant: Date) -> Bool { since <= instant && (until.map { instant < $0 } ?? true) }
    }

    /// Worker domain by agent name.
    var domainByAgent: [String: String] = [:]
    /// Every agent the board knows (bulletin authors, lock holders, decision makers).
    var knownAgents: Set<String> = []
    /// (worker domain, path) pairs the workers named in the window.
    var workerFiles: [(worker: String, path: String)] = []
    var holds: [Hold] = []
    /// Decision id by number (`4` → `ADR-004`).
    var decisionIDs: [Int: String] = [:]
    var zone: BoardTimeZone = .utc

    func commits(_ raw: [GitHistory.Commit]) -> [SynthesisReport.Commit] {
        let workerPaths = workerFiles.compactMap { pair in (try? LockPath(pair.path)).map { (pair.worker, $0) } }
        return raw.map { commit in
            let files = commit.files.compactMap { try? LockPath($0) }
            var agent: String?
            var method: String?
            if let named = commit.trailerAgent {
                (agent, method) = (named, "trailer")
            } else if let named = authorAgent(commit) {
                (agent, method) = (named, "author")
            } else if let worker = owner(of: files, at: commit.at, workerPaths: workerPaths) {
                (agent, method) = (worker, "files")
            }
            let attributed = agent.map { domainByAgent[$0] ?? $0 }
            // Whoever made the commit: its agent, else its author's name.
            let maker = agent ?? commit.author
            var intrusions: [SynthesisReport.LockIntrusion] = []
            for file in files {
                for hold in holds where !isOwn(hold, maker: maker, worker: attributed)
                    && hold.covers(commit.at) && hold.path.contains(file) {
                    intrusions.append(.init(file: file.description, lock: hold.path.description, holder: hold.holder))
                }
            }
            return SynthesisReport.Commit(
                hash: commit.hash, author: commit.author, at: ReportTime(commit.at, in: zone), subject: commit.subject,
                attributedTo: attributed, attributedBy: method, files: commit.files,
                decisions: commit.citedDecisionNumbers.compactMap { decisionIDs[$0] },
                intoLocks: intrusions)
        }
    }

    private func isOwn(_ hold: Hold, maker: String, worker: String?) -> Bool {
        hold.holder == maker || (worker != nil && domainByAgent[hold.holder] == worker)
    }

    /// The agent the author is, by name or by the part of the e-mail address before `@`.
    private func authorAgent(_ commit: GitHistory.Commit) -> String? {
        let local = String(commit.email.prefix { $0 != "@" })
        for candidate in [commit.author, local] where !candidate.isEmpty {
            if knownAgents.contains(candidate) || domainByAgent[candidate] != nil { return candidate }
            // A worker's domain names the worker too.
            if let agent = domainByAgent.first(where: { $0.value == candidate })?.key { return agent }
        }
        return nil
    }

    /// The one worker whose named files or held locks cover the commit's files; nil when none or several do.
    private func owner(of files: [LockPath], at instant: Date, workerPaths: [(String, LockPath)]) -> String? {
        guard !files.isEmpty else { return nil }
        var owners = Set<String>()
        for file in files {
            for (worker, path) in workerPaths where path.contains(file) { owners.insert(worker) }
            for hold in holds where hold.covers(instant) && hold.path.contains(file) {
                if let worker = domainByAgent[hold.holder] { owners.insert(worker) }
            }
        }
        guard owners.count == 1, let worker = owners.first else { return nil }
        return domainByAgent.first(where: { $0.value == worker })?.key ?? worker
    }
}

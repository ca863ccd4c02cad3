import CoordStorage

/// The live values a shell completes on the command line: decision ids, held
/// paths, worker domains and agent names, read from the board as it is now.
///
/// Completion runs on every Tab, so each list reads as little as it can and
/// never writes. A board that cannot be read completes nothing.
public struct BoardVocabulary: Sendable {
    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// Decision ids, oldest first; only those in `statuses` when given.
    public func decisionIDs(_ statuses: Set<DecisionStatus>? = nil) -> [String] {
        let decisions = (try? Decisions(workspace).list()) ?? []
        return decisions.filter { statuses?.contains($0.status) ?? true }.map(\.id)
    }

    /// Paths under a live lock; `holder`'s own first when given.
    public func heldPaths(holder: String? = nil) -> [String] {
        let grants = (try? Locks(workspace).current().grants) ?? []
        let own = grants.filter { $0.holder == holder }.map(\.path.description)
        let others = grants.filter { $0.holder != holder }.map(\.path.description)
        return own + others
    }

    /// Every worker's domain.
    public func workerDomains() -> [String] {
        ((try? Workers(workspace).domains()) ?? []).map(\.rawValue)
    }

    /// Agents seen lately: the workers' agents and the authors of the latest
    /// bulletin entries, each once.
    public func agents() -> [String] {
        var names = Set<String>()
        let workers = Workers(workspace)
        let folder = try? workers.folder(create: false)
        for domain in (try? workers.domains()) ?? [] {
            if let record = try? workers.last(domain, in: folder ?? nil) { names.insert(record.state.agent) }
        }
        for entry in (try? Bulletin(workspace).read(BulletinQuery(limit: 500))) ?? [] { names.insert(entry.agent) }
        return names.sorted()
    }
}

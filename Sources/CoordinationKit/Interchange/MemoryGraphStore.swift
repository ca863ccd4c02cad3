import CoordStorage

/// The MCP memory server's operations on the board: `Worker Session: DOMAIN`
/// entities live in worker journals (one appended record per observation, as
/// `coord import --memory-graph` records them), every other entity and every
/// relation in `.coordination/memory-graph.jsonl`. Each change is one
/// read-decide-write under the board's lock, so concurrent clients never
/// lose each other's writes (the memory server rewrites its file unlocked).
public struct MemoryGraphStore: Sendable {
    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    private var interchange: MemoryGraphInterchange { MemoryGraphInterchange(workspace) }

    /// The whole graph: workers first, then the kept entities and relations.
    public func graph() throws -> MemoryGraph { try interchange.exportGraph() }

    /// `Worker Session: DOMAIN` → the worker's domain; nil for any other entity.
    static func workerDomain(_ name: String) -> WorkerDomain? {
        guard name.hasPrefix(WorkerDomain.entityPrefix) else { return nil }
        return try? WorkerDomain(String(name.dropFirst(WorkerDomain.entityPrefix.count)))
    }

    /// Adds the entities whose names are new; returns those it added.
    public func createEntities(_ entities: [MemoryEntity], as agent: AgentName) throws -> [MemoryEntity] {
        try workspace.board.withExclusiveLock {
            var store = try interchange.loadStore()
            var names = Set(store.entities.map(\.name))
            var next = try Workers(workspace).nextNumber()
            let goal = try BoardGoal.current(in: workspace)?.goal ?? ""
            var created: [MemoryEntity] = []
            for entity in entities where try !exists(entity.name, in: store) && names.insert(entity.name).inserted {
                if let domain = Self.workerDomain(entity.name) {
                    _ = try interchange.recordWorker(domain, entity, as: agent, goal: goal, next: &next)
                } else {
                    store.entities.append(entity)
                }
                created.append(entity)
            }
            if created.contains(where: { Self.workerDomain($0.name) == nil }) { try interchange.saveStore(store) }
            return created
        }
    }

    /// Adds the relations not already present (same from, to and type); returns those it added.
    public func createRelations(_ relations: [MemoryRelation]) throws -> [MemoryRelation] {
        try workspace.board.withExclusiveLock {
            var store = try interchange.loadStore()
            var created: [MemoryRelation] = []
            for relation in relations where !store.relations.contains(where: { $0.sameEnds(as: relation) }) {
                store.relations.append(relation)
                created.append(relation)
            }
            if !created.isEmpty { try interchange.saveStore(store) }
            return created
        }
    }

    /// Adds observations to existing entities, skipping ones they already
    /// have; returns what each entity gained. Nothing changes when an entity
    /// does not exist.
    public func addObservations(_ additions: [(entityName: String, contents: [String])], as agent: AgentName)
        throws -> [(entityName: String, added: [String])]
    {
        try workspace.board.withExclusiveLock {
            var store = try interchange.loadStore()
            for addition in additions where try !exists(addition.entityName, in: store) {
                throw CoordError(
                    .entityNotFound, "Entity with name \(addition.entityName) not found; create it with create_entities first.",
                    exitStatus: ExitStatus.notFound)
            }
            let before = store
            var next = try Workers(workspace).nextNumber()
            var results: [(String, [String])] = []
            for addition in additions {
                if let domain = Self.workerDomain(addition.entityName) {
                    let entity = MemoryEntity(name: addition.entityName, entityType: "", observations: addition.contents)
                    results.append(
                        (addition.entityName, try interchange.recordWorker(domain, entity, as: agent, goal: "", next: &next).added))
                } else if let index = store.entities.firstIndex(where: { $0.name == addition.entityName }) {
                    var added: [String] = []
                    for text in addition.contents where !store.entities[index].observations.contains(text) {
                        store.entities[index].observations.append(text)
                        added.append(text)
                    }
                    results.append((addition.entityName, added))
                }
            }
            // Observations of workers went to their journals; rewrite the store only when it changed.
            if store != before { try interchange.saveStore(store) }
            return results
        }
    }

    /// Removes entities and every relation that names them. Workers are
    /// journals and cannot be deleted; asking to is refused and changes nothing.
    public func deleteEntities(_ names: [String]) throws {
        try refuseWorkers(names, "deleted")
        try changeStore { store in
            let doomed = Set(names)
            store.entities.removeAll { doomed.contains($0.name) }
            store.relations.removeAll { doomed.contains($0.from) || doomed.contains($0.to) }
        }
    }

    public func deleteObservations(_ deletions: [(entityName: String, observations: [String])]) throws {
        try refuseWorkers(deletions.filter { !$0.observations.isEmpty }.map(\.entityName), "changed by deleting observations")
        try changeStore { store in
            for deletion in deletions {
                guard let index = store.entities.firstIndex(where: { $0.name == deletion.entityName }) else { continue }
                store.entities[index].observations.removeAll { deletion.observations.contains($0) }
            }
        }
    }

    public func deleteRelations(_ relations: [MemoryRelation]) throws {
        try changeStore { store in
            store.relations.removeAll { kept in relations.contains { $0.sameEnds(as: kept) } }
        }
    }

    /// Entities whose name, type or an observation contains `query` (ignoring
    /// case), and the relations between them.
    public func search(_ query: String) throws -> MemoryGraph {
        let needle = query.lowercased()
        return try graph().restricted {
            $0.name.lowercased().contains(needle) || $0.entityType.lowercased().contains(needle)
                || $0.observations.contains { $0.lowercased().contains(needle) }
        }
    }

    /// The named entities and the relations between them.
    public func open(_ names: [String]) throws -> MemoryGraph {
        let wanted = Set(names)
        return try graph().restricted { wanted.contains($0.name) }
    }

    /// Whether an entity called `name` exists: a worker on the board, or an entity in the store.
    private func exists(_ name: String, in store: MemoryGraph) throws -> Bool {
        if let domain = Self.workerDomain(name) { return try Workers(workspace).exists(domain) }
        return store.entities.contains { $0.name == name }
    }

    private func refuseWorkers(_ names: [String], _ verb: String) throws {
        if let name = names.first(where: { Self.workerDomain($0) != nil }) {
            throw CoordError(
                .journalIsAppendOnly,
                "'\(name)' is a worker journal on the board and cannot be \(verb); record the correction with add_observations instead.",
                exitStatus: ExitStatus.refused)
        }
    }

    private func changeStore(_ change: (inout MemoryGraph) -> Void) throws {
        try workspace.board.withExclusiveLock {
            var store = try interchange.loadStore()
            let before = store
            change(&store)
            if store != before { try interchange.saveStore(store) }
        }
    }
}

extension MemoryRelation {
    func sameEnds(as other: MemoryRelation) -> Bool {
        from == other.from && to == other.to && relationType == other.relationType
    }
}

extension MemoryGraph {
    /// The entities `keep` accepts and the relations whose both ends it accepted.
    func restricted(_ keep: (MemoryEntity) -> Bool) -> MemoryGraph {
        let entities = entities.filter(keep)
        let names = Set(entities.map(\.name))
        return MemoryGraph(entities: entities, relations: relations.filter { names.contains($0.from) && names.contains($0.to) })
    }
}

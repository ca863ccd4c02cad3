import CoordStorage

/// What `coord import --memory-graph` did (its `--json`, format 1).
public struct MemoryGraphImportReport: Codable, Sendable, Equatable {
    public var v = 1
    public var source: String
    /// Domains of workers the import created.
    public var workersCreated: [String] = []
    /// Domains of existing workers that received observations.
    public var workersUpdated: [String] = []
    /// Observations recorded on workers.
    public var observations = 0
    /// Observations skipped because the worker already had them (re-imports are harmless).
    public var duplicates = 0
    /// Entities other than workers, kept in `.coordination/memory-graph.jsonl`.
    public var entities = 0
    public var relations = 0
    /// Lines that are not an entity or a relation.
    public var skipped: [InvalidLine] = []

    enum CodingKeys: String, CodingKey {
        case v, source, observations, duplicates, entities, relations, skipped
        case workersCreated = "workers_created"
        case workersUpdated = "workers_updated"
    }
}

extension MemoryGraphImportReport {
    /// What `coord import --memory-graph` prints: what was imported, then what
    /// a re-import skipped, if anything.
    public var text: String {
        let workers = workersCreated.count + workersUpdated.count
        var text = "Imported \(observations) observation(s) on \(workers) worker(s)"
            + " (\(workersCreated.count) new), \(entities) other entit\(entities == 1 ? "y" : "ies")"
            + " and \(relations) relation(s)."
        if duplicates > 0 { text += "\nSkipped \(duplicates) observation(s) the workers already had." }
        return text
    }

    /// The lines that were not an entity or a relation, for standard error; nil when there were none.
    public var skippedText: String? {
        guard !skipped.isEmpty else { return nil }
        return (["coord: skipped \(skipped.count) bad line(s) in \(source):"] + skipped.map { "  line \($0.line): \($0.reason)" })
            .joined(separator: "\n")
    }
}

/// Moves a team between the MCP memory server's knowledge graph and the board.
///
/// `Worker Session: {domain}` entities become workers: each observation string
/// becomes one record (keeping its text, so export gives it back verbatim),
/// and the seed's fields ("Completed:", "Blockers:", "Context: 35%",
/// "Status: COMPLETE") set the worker's state. Every other entity and every
/// relation is kept in `.coordination/memory-graph.jsonl` for export.
public struct MemoryGraphInterchange: Sendable {
    public static let storeName = "memory-graph.jsonl"

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    private var workers: Workers { Workers(workspace) }

    // MARK: Import

    public func importGraph(_ bytes: [UInt8], source: String, as agent: AgentName) throws -> MemoryGraphImportReport {
        let (graph, invalid) = MemoryGraph.parse(bytes, path: source)
        var report = MemoryGraphImportReport(source: source, skipped: invalid)
        var workerEntities: [(WorkerDomain, MemoryEntity)] = []
        var workerPositions: [WorkerDomain: Int] = [:]
        var others: [MemoryEntity] = []
        for entity in graph.entities {
            if entity.name.hasPrefix(WorkerDomain.entityPrefix),
               let domain = try? WorkerDomain(String(entity.name.dropFirst(WorkerDomain.entityPrefix.count))) {
                if let index = workerPositions[domain] {
                    workerEntities[index].1.observations += entity.observations
                } else {
                    workerPositions[domain] = workerEntities.count
                    workerEntities.append((domain, entity))
                }
            } else {
                others.append(entity)
            }
        }
        let goal = try BoardGoal.current(in: workspace)?.goal ?? ""

        var unchanged = false
        try workspace.board.withExclusiveLock {
            var next = try workers.nextNumber()
            for (domain, entity) in workerEntities {
                let outcome = try recordWorker(domain, entity, as: agent, goal: goal, next: &next)
                if outcome.created { report.workersCreated.append(domain.rawValue) }
                if outcome.observations > 0 && !outcome.created { report.workersUpdated.append(domain.rawValue) }
                report.observations += outcome.observations
                report.duplicates += outcome.duplicates
            }
            let stored = try loadStore()
            var store = stored
            store.merge(MemoryGraph(entities: others, relations: graph.relations))
            // Importing the same graph again is a true no-op: the file is not rewritten.
            if store != stored { try saveStore(store) } else { unchanged = report.observations == 0 && report.workersCreated.isEmpty }
            report.entities = others.count
            report.relations = graph.relations.count
        }
        if unchanged { return report }
        var summary = "Imported memory graph \(source.split(separator: "/").last.map(String.init) ?? source): "
        summary += "\(workerEntities.count) worker(s) (\(report.observations) new observation(s)), "
        summary += "\(report.entities) other entit\(report.entities == 1 ? "y" : "ies"), \(report.relations) relation(s)"
        if !invalid.isEmpty { summary += "; skipped \(invalid.count) bad line(s)" }
        Bulletin(workspace).announce(WorkerBulletinText.shorten(summary), as: agent)
        return report
    }

    /// What recording one worker entity did.
    struct WorkerOutcome {
        var created = false
        /// Observations recorded, and the texts they were.
        var observations = 0
        var added: [String] = []
        var duplicates = 0
    }

    /// Records `entity`'s observations on the worker for `domain`, creating
    /// it (as number `next`) when it does not exist yet. Observations the
    /// worker already has are skipped. Runs under the board's lock.
    func recordWorker(_ domain: WorkerDomain, _ entity: MemoryEntity, as agent: AgentName, goal: String,
                      next: inout Int) throws -> WorkerOutcome {
        var outcome = WorkerOutcome()
        var records: [WorkerRecord] = []
        var known = Set<String>()
        var state: WorkerState
        if try workers.exists(domain) {
            let timeline = try workers.timeline(domain)
            for stored in timeline.records { known.formUnion(MemoryGraphObservations.strings(for: stored.value)) }
            state = timeline.state
        } else {
            state = WorkerState(status: .active, number: next, agent: domain.agentName(number: next))
            var record = workers.newRecord(.entity, as: agent, state: state)
            record.entity = WorkerEntity(domain: domain, number: next, goal: goal, agent: state.agent,
                                         origin: WorkerEntity.memoryGraphOrigin, entityType: entity.entityType)
            records.append(record)
            outcome.created = true
            next += 1
        }
        for text in entity.observations {
            guard known.insert(text).inserted else {
                outcome.duplicates += 1
                continue
            }
            var record = workers.newRecord(.update, as: agent, state: state)
            switch MemoryGraphObservations.effect(of: text) {
            case .observe(let observation):
                state = state.imported(observation)
                observation.fill(&record)
            case .status(let status):
                state.status = status
                if status == .complete { state.blockers = [] }
            case .report(let text):
                record.report = text
            }
            record.memory = text
            record.state = state
            records.append(record)
            outcome.observations += 1
            outcome.added.append(text)
        }
        if !records.isEmpty {
            let folder = try workers.folder(create: true)!
            try workers.append(records, to: domain, in: folder)
        }
        return outcome
    }

    // MARK: Export

    /// The board's workers as `Worker Session` entities, followed by the kept entities and relations.
    public func exportGraph() throws -> MemoryGraph {
        var graph = MemoryGraph()
        for summary in try workers.summaries() {
            let timeline = try workers.timeline(summary.domain)
            let observations = timeline.records.flatMap { MemoryGraphObservations.strings(for: $0.value) }
            let type = timeline.records.last(where: { $0.value.kind == .entity })?.value.entity?.entityType
            graph.entities.append(MemoryEntity(name: timeline.name, entityType: type ?? WorkerEntity.defaultEntityType,
                                               observations: observations))
        }
        let store = try loadStore()
        graph.entities += store.entities
        graph.relations += store.relations
        return graph
    }

    // MARK: The kept part of the graph

    func loadStore() throws -> MemoryGraph {
        guard let bytes = try workspace.board.read(Self.storeName) else { return MemoryGraph() }
        var graph = MemoryGraph.parse(bytes, path: workspace.board.child(Self.storeName)).graph
        for index in graph.entities.indices { graph.entities[index].extra["v"] = nil }
        for index in graph.relations.indices { graph.relations[index].extra["v"] = nil }
        return graph
    }

    func saveStore(_ graph: MemoryGraph) throws {
        var versioned = graph
        for index in versioned.entities.indices { versioned.entities[index].extra["v"] = .integer(1) }
        for index in versioned.relations.indices { versioned.relations[index].extra["v"] = .integer(1) }
        try workspace.board.replace(Self.storeName, with: try versioned.encoded())
    }
}

extension MemoryGraph {
    /// Adds `other`: an entity already here gains the observations it lacks;
    /// a relation already here (same from, to and type) is not repeated.
    /// Adds what `other` has that this graph lacks: new entities, new
    /// observations of known entities, new relations. Linear in both graphs
    /// (a 50 MB graph merges in one pass, not one search per entity).
    mutating func merge(_ other: MemoryGraph) {
        var positions: [String: Int] = [:]
        for (index, entity) in entities.enumerated() where positions[entity.name] == nil { positions[entity.name] = index }
        var observed: [Int: Set<String>] = [:]
        for entity in other.entities {
            if let index = positions[entity.name] {
                var known = observed[index] ?? Set(entities[index].observations)
                for text in entity.observations where known.insert(text).inserted {
                    entities[index].observations.append(text)
                }
                observed[index] = known
                entities[index].extra.merge(entity.extra) { _, new in new }
            } else {
                positions[entity.name] = entities.count
                entities.append(entity)
            }
        }
        struct RelationKey: Hashable { var from, to, relationType: String }
        var related = Set(relations.map { RelationKey(from: $0.from, to: $0.to, relationType: $0.relationType) })
        for relation in other.relations
        where related.insert(RelationKey(from: relation.from, to: relation.to, relationType: relation.relationType)).inserted {
            relations.append(relation)
        }
    }
}

extension WorkerState {
    /// An imported observation: blockers and context as in an update, but the
    /// status changes only with blockers, since graph files carry it in "Status:" lines.
    func imported(_ observation: WorkerObservation) -> WorkerState {
        var next = self
        next.blockers = (observation.unblocked ? [] : blockers) + observation.blockers
        if let context = observation.context { next.context = context }
        if !observation.blockers.isEmpty {
            next.status = .blocked
        } else if status == .blocked && next.blockers.isEmpty {
            next.status = .active
        }
        return next
    }
}

/// What `coord export --memory-graph FILE` wrote: `{"entities":3,"file":"memory.jsonl","relations":1,"workers":2,"version":2}`.
public struct MemoryGraphExportReport: Codable, Sendable, Equatable {
    public var file: String
    public var entities: Int
    /// Of the entities, how many are workers ("Worker Session: DOMAIN").
    public var workers: Int
    public var relations: Int

    public init(file: String, graph: MemoryGraph) {
        self.file = file
        entities = graph.entities.count
        workers = graph.entities.filter { $0.name.hasPrefix(WorkerDomain.entityPrefix) }.count
        relations = graph.relations.count
    }

    public var text: String {
        "Wrote \(entities) entities (\(workers) workers) and \(relations) relations to \(file)."
    }
}

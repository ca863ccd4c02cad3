import CoordStorage

/// `coord mcp --profile memory`: the MCP memory server's nine tools, with its
/// argument and result shapes, served from the board (see `MemoryGraphStore`).
/// A team switches by pointing its client's `command` at `coord mcp --profile
/// memory` instead of the memory server.
public struct MemoryGraphToolbox: MCPToolbox {
    public let store: MemoryGraphStore

    public init(workspace: Workspace) { store = MemoryGraphStore(workspace) }

    public var instructions: String {
        "A knowledge graph of entities, relations and observations, kept on the coord board so that concurrent writers lose nothing. "
            + "Entities named 'Worker Session: DOMAIN' are coord workers."
    }

    static let entity: [ToolParameter] = [
        ToolParameter("name", .string, "The name of the entity.", required: true),
        ToolParameter("entityType", .string, "The type of the entity.", required: true),
        ToolParameter("observations", .strings, "Observation contents associated with the entity.", required: true),
    ]
    static let relation: [ToolParameter] = [
        ToolParameter("from", .string, "The name of the entity where the relation starts.", required: true),
        ToolParameter("to", .string, "The name of the entity where the relation ends.", required: true),
        ToolParameter("relationType", .string, "The type of the relation, in active voice.", required: true),
    ]

    static let catalog: [(name: String, description: String, parameters: [ToolParameter], readOnly: Bool)] = [
        (
            "create_entities", "Create multiple new entities in the knowledge graph; entities whose names exist are left alone.",
            [ToolParameter("entities", .objects(entity), "The entities to create.", required: true)], false
        ),
        (
            "create_relations",
            "Create multiple new relations between entities in the knowledge graph. Relations should be in active voice.",
            [ToolParameter("relations", .objects(relation), "The relations to create.", required: true)], false
        ),
        (
            "add_observations", "Add new observations to existing entities in the knowledge graph.",
            [
                ToolParameter(
                    "observations",
                    .objects([
                        ToolParameter("entityName", .string, "The name of the entity to add the observations to.", required: true),
                        ToolParameter("contents", .strings, "The observation contents to add.", required: true),
                    ]), "The observations to add, per entity.", required: true)
            ], false
        ),
        (
            "delete_entities", "Delete multiple entities and their associated relations from the knowledge graph.",
            [ToolParameter("entityNames", .strings, "The names of the entities to delete.", required: true)], false
        ),
        (
            "delete_observations", "Delete specific observations from entities in the knowledge graph.",
            [
                ToolParameter(
                    "deletions",
                    .objects([
                        ToolParameter("entityName", .string, "The name of the entity holding the observations.", required: true),
                        ToolParameter("observations", .strings, "The observations to delete.", required: true),
                    ]), "The observations to delete, per entity.", required: true)
            ], false
        ),
        (
            "delete_relations", "Delete multiple relations from the knowledge graph.",
            [ToolParameter("relations", .objects(relation), "The relations to delete.", required: true)], false
        ),
        ("read_graph", "Read the entire knowledge graph.", [], true),
        (
            "search_nodes", "Search for nodes in the knowledge graph by a query matched against names, types and observation contents.",
            [ToolParameter("query", .string, "The text to look for (ignoring case).", required: true)], true
        ),
        (
            "open_nodes", "Open specific nodes in the knowledge graph by their names.",
            [ToolParameter("names", .strings, "The names of the entities to retrieve.", required: true)], true
        ),
    ]

    public var tools: [MCPTool] {
        Self.catalog.map {
            MCPTool(
                name: $0.name, title: $0.name, description: $0.description, inputSchema: ToolParameter.objectSchema($0.parameters),
                readOnly: $0.readOnly, idempotent: true)
        }
    }

    public func call(_ name: String, arguments: [String: JSONValue], as agent: AgentName) throws -> MCPToolResult {
        guard let tool = Self.catalog.first(where: { $0.name == name }) else { throw JSONRPCError.invalidParams("Unknown tool: \(name)") }
        if let problem = ToolParameter.problem(with: arguments, tool.parameters) {
            return MCPToolResult(structured: nil, text: problem, isError: true)
        }
        do {
            return try run(name, arguments, as: agent)
        } catch let error as CoordError {
            return MCPToolResult(structured: nil, text: error.message, isError: true)
        }
    }

    private func run(_ name: String, _ arguments: [String: JSONValue], as agent: AgentName) throws -> MCPToolResult {
        func list(_ key: String) -> [JSONValue] { arguments[key]?.arrayValue ?? [] }
        func strings(_ value: JSONValue?) -> [String] { (value?.arrayValue ?? []).compactMap(\.stringValue) }
        func relations() -> [MemoryRelation] {
            list("relations").map {
                MemoryRelation(
                    from: $0["from"]?.stringValue ?? "", to: $0["to"]?.stringValue ?? "",
                    relationType: $0["relationType"]?.stringValue ?? "")
            }
        }
        switch name {
        case "create_entities":
            let entities = list("entities").map {
                MemoryEntity(
                    name: $0["name"]?.stringValue ?? "", entityType: $0["entityType"]?.stringValue ?? "",
                    observations: strings($0["observations"]))
            }
            return data(["entities": .array(try store.createEntities(entities, as: agent).map(Self.json))])
        case "create_relations":
            return data(["relations": .array(try store.createRelations(relations()).map(Self.json))])
        case "add_observations":
            let additions = list("observations").map { ($0["entityName"]?.stringValue ?? "", strings($0["contents"])) }
            let results = try store.addObservations(additions, as: agent).map {
                JSONValue.object(["entityName": .string($0.entityName), "addedObservations": .array($0.added.map(JSONValue.string))])
            }
            return data(["results": .array(results)])
        case "delete_entities":
            try store.deleteEntities(strings(arguments["entityNames"]))
            return done("Entities deleted successfully")
        case "delete_observations":
            try store.deleteObservations(list("deletions").map { ($0["entityName"]?.stringValue ?? "", strings($0["observations"])) })
            return done("Observations deleted successfully")
        case "delete_relations":
            try store.deleteRelations(relations())
            return done("Relations deleted successfully")
        case "read_graph":
            return data(Self.json(try store.graph()))
        case "search_nodes":
            return data(Self.json(try store.search(arguments["query"]?.stringValue ?? "")))
        default:
            return data(Self.json(try store.open(strings(arguments["names"]))))
        }
    }

    /// Like the memory server: the JSON as the text, and as structured content.
    private func data(_ fields: [String: JSONValue]) -> MCPToolResult {
        let value = JSONValue.object(fields)
        return MCPToolResult(structured: value, text: value.jsonText(), echoesStructured: false)
    }

    private func done(_ message: String) -> MCPToolResult {
        MCPToolResult(structured: .object(["success": .bool(true), "message": .string(message)]), text: message, echoesStructured: false)
    }

    static func json(_ graph: MemoryGraph) -> [String: JSONValue] {
        ["entities": .array(graph.entities.map(json)), "relations": .array(graph.relations.map(json))]
    }

    static func json(_ entity: MemoryEntity) -> JSONValue {
        .object([
            "name": .string(entity.name), "entityType": .string(entity.entityType),
            "observations": .array(entity.observations.map(JSONValue.string)),
        ])
    }

    static func json(_ relation: MemoryRelation) -> JSONValue {
        .object(["from": .string(relation.from), "to": .string(relation.to), "relationType": .string(relation.relationType)])
    }

    // The memory profile has no resources: everything is in read_graph.
    public func resources() throws -> [MCPResource] { [] }
    public var resourceTemplates: [MCPResourceTemplate] { [] }
    public func read(_ uri: String) throws -> MCPResourceContents? { nil }
}

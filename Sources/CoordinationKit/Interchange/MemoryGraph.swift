import CoordStorage
import FoundationEssentials

/// The MCP memory server's knowledge graph, as JSON Lines:
///
///     {"type":"entity","name":"Worker Session: backend-api","entityType":"worker","observations":["Completed: JWT"]}
///     {"type":"relation","from":"Worker Session: backend-api","to":"Auth API","relationType":"implements"}
///
/// Files in the wild also spell a relation's ends `from_entity`/`to_entity`.
/// Reading keeps every field it does not know, so writing gives them back.
public struct MemoryGraph: Sendable, Equatable {
    public var entities: [MemoryEntity] = []
    public var relations: [MemoryRelation] = []

    public init(entities: [MemoryEntity] = [], relations: [MemoryRelation] = []) {
        self.entities = entities
        self.relations = relations
    }

    /// Parses a whole file. Lines that are not an entity or a relation are
    /// skipped and listed; blank lines are ignored; a last line without a
    /// newline is read too (the file is complete, not being appended to).
    public static func parse(_ bytes: [UInt8], path: String) -> (graph: MemoryGraph, invalid: [InvalidLine]) {
        var graph = MemoryGraph()
        var invalid: [InvalidLine] = []
        var complete = bytes
        if let last = complete.last, last != UInt8(ascii: "\n") { complete.append(UInt8(ascii: "\n")) }
        // One decoder for every line: making one per line costs more than many lines' parsing.
        let decoder = JSONDecoder()
        for line in LineScanner.lines(of: complete) {
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                continue
            }
            switch parseLine(line.bytes, decoder: decoder) {
            case .entity(let entity): graph.entities.append(entity)
            case .relation(let relation): graph.relations.append(relation)
            case .invalid(let reason):
                invalid.append(InvalidLine(path: path, line: line.number ?? 0, reason: reason,
                                           text: Escaping.escape(String(line.text.prefix(200)))))
            }
        }
        return (graph, invalid)
    }

    enum ParsedLine {
        case entity(MemoryEntity)
        case relation(MemoryRelation)
        case invalid(String)
    }

    static func parseLine(_ bytes: ArraySlice<UInt8>, decoder: JSONDecoder = JSONDecoder()) -> ParsedLine {
        guard let fields = try? decoder.decode(GraphLineFields.self, from: Data(bytes)).fields else {
            return .invalid("not a JSON object")
        }
        switch fields["type"]?.stringValue {
        case "entity":
            guard let name = fields["name"]?.stringValue, !name.isEmpty else { return .invalid("an entity without a name") }
            var observations: [String] = []
            switch fields["observations"] {
            case nil, .null?: break
            case .array(let items)?:
                for item in items {
                    guard let text = item.stringValue else { return .invalid("an observation that is not text") }
                    observations.append(text)
                }
            default: return .invalid("observations that are not a list")
            }
            let extra = fields.filter { !MemoryEntity.knownKeys.contains($0.key) }
            return .entity(MemoryEntity(name: name, entityType: fields["entityType"]?.stringValue ?? "",
                                        observations: observations, extra: extra))
        case "relation":
            guard let from = (fields["from"] ?? fields["from_entity"])?.stringValue,
                  let to = (fields["to"] ?? fields["to_entity"])?.stringValue,
                  let type = fields["relationType"]?.stringValue
            else { return .invalid("a relation without from, to and relationType") }
            let extra = fields.filter { !MemoryRelation.knownKeys.contains($0.key) }
            return .relation(MemoryRelation(from: from, to: to, relationType: type, extra: extra))
        case let other?:
            return .invalid("an unknown type '\(other)'")
        case nil:
            return .invalid("a line without a type")
        }
    }

    /// The graph as JSON Lines, in the memory server's own spelling (`from`/`to`).
    public func encoded() throws -> [UInt8] {
        // One encoder for every line, set up as `BoardJSON.line` sets up its own.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes: [UInt8] = []
        for entity in entities {
            bytes += try encoder.encode(GraphLineFields(fields: entity.jsonObject))
            bytes.append(UInt8(ascii: "\n"))
        }
        for relation in relations {
            bytes += try encoder.encode(GraphLineFields(fields: relation.jsonObject))
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}

/// A JSON object decoded as `[String: JSONValue]` would be, but faster for a
/// memory graph's lines: a field that is usually text is first decoded as text
/// (and observations as a list of text), which succeeds at once, instead of
/// trying every JSON type in turn as `JSONValue` must. When that fails the field
/// is decoded as `JSONValue`, so the result is always the same dictionary.
///
/// Encoding writes what encoding `fields` would, the same way round: text as
/// text, lists of text as lists, the rest as `JSONValue`.
struct GraphLineFields: Codable {
    var fields: [String: JSONValue] = [:]

    init(fields: [String: JSONValue]) { self.fields = fields }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in fields {
            let codingKey = Key(stringValue: key)
            switch value {
            case .string(let text):
                try container.encode(text, forKey: codingKey)
            case .array(let items):
                let texts = items.compactMap(\.stringValue)
                if texts.count == items.count { try container.encode(texts, forKey: codingKey) } else { try container.encode(value, forKey: codingKey) }
            default:
                try container.encode(value, forKey: codingKey)
            }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let textFields: Set<String> = ["type", "name", "entityType", "from", "to", "from_entity", "to_entity",
                                                  "relationType"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        fields.reserveCapacity(container.allKeys.count)
        for key in container.allKeys {
            if Self.textFields.contains(key.stringValue), let text = try? container.decode(String.self, forKey: key) {
                fields[key.stringValue] = .string(text)
            } else if key.stringValue == "observations", let texts = try? container.decode([String].self, forKey: key) {
                fields[key.stringValue] = .array(texts.map(JSONValue.string))
            } else {
                fields[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
            }
        }
    }
}

public struct MemoryEntity: Sendable, Equatable {
    public var name: String
    public var entityType: String
    public var observations: [String]
    /// Fields other than type, name, entityType and observations, kept as found.
    public var extra: [String: JSONValue]

    public init(name: String, entityType: String, observations: [String], extra: [String: JSONValue] = [:]) {
        self.name = name
        self.entityType = entityType
        self.observations = observations
        self.extra = extra
    }

    static let knownKeys: Set<String> = ["type", "name", "entityType", "observations"]

    var jsonObject: [String: JSONValue] {
        var object = extra
        object["type"] = .string("entity")
        object["name"] = .string(name)
        object["entityType"] = .string(entityType)
        object["observations"] = .array(observations.map(JSONValue.string))
        return object
    }
}

public struct MemoryRelation: Sendable, Equatable, Hashable {
    public var from: String
    public var to: String
    public var relationType: String
    public var extra: [String: JSONValue]

    public init(from: String, to: String, relationType: String, extra: [String: JSONValue] = [:]) {
        self.from = from
        self.to = to
        self.relationType = relationType
        self.extra = extra
    }

    static let knownKeys: Set<String> = ["type", "from", "to", "from_entity", "to_entity", "relationType"]

    var jsonObject: [String: JSONValue] {
        var object = extra
        object["type"] = .string("relation")
        object["from"] = .string(from)
        object["to"] = .string(to)
        object["relationType"] = .string(relationType)
        return object
    }
}

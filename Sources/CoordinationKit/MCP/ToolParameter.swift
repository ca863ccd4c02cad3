import CoordStorage

/// One argument of a tool: its JSON type, what it means to a model, and
/// whether it must be given. A tool's input schema is built from these, and
/// arguments are checked against them before the tool runs.
public struct ToolParameter: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case string
        case strings
        case integer(minimum: Int64?, maximum: Int64?)
        case boolean
        case object([ToolParameter])
        case objects([ToolParameter])
    }

    public var name: String
    public var kind: Kind
    public var description: String
    public var required: Bool

    public init(_ name: String, _ kind: Kind, _ description: String, required: Bool = false) {
        self.name = name
        self.kind = kind
        self.description = description
        self.required = required
    }

    public var schema: JSONValue {
        var fields: [String: JSONValue] = ["description": .string(description)]
        switch kind {
        case .string:
            fields["type"] = .string("string")
        case .strings:
            fields["type"] = .string("array")
            fields["items"] = .object(["type": .string("string")])
        case .integer(let minimum, let maximum):
            fields["type"] = .string("integer")
            if let minimum { fields["minimum"] = .integer(minimum) }
            if let maximum { fields["maximum"] = .integer(maximum) }
        case .boolean:
            fields["type"] = .string("boolean")
        case .object(let properties):
            fields.merge(Self.objectSchema(properties).objectValue ?? [:]) { _, new in new }
        case .objects(let properties):
            fields["type"] = .string("array")
            fields["items"] = Self.objectSchema(properties)
        }
        return .object(fields)
    }

    /// `{"type":"object","properties":…,"required":…,"additionalProperties":false}`.
    public static func objectSchema(_ parameters: [ToolParameter]) -> JSONValue {
        var properties: [String: JSONValue] = [:]
        for parameter in parameters { properties[parameter.name] = parameter.schema }
        return .object([
            "type": .string("object"),
            "properties": .object(properties),
            "required": .array(parameters.filter(\.required).map { .string($0.name) }),
            "additionalProperties": .bool(false),
        ])
    }

    /// The first way `arguments` break `parameters`, as one sentence for the model; nil when they fit.
    public static func problem(with arguments: [String: JSONValue], _ parameters: [ToolParameter], at place: String = "") -> String? {
        let names = parameters.map(\.name)
        for key in arguments.keys.sorted() where !names.contains(key) {
            return "Unknown argument '\(place)\(key)'; the arguments are \(names.joined(separator: ", "))."
        }
        for parameter in parameters {
            let path = place + parameter.name
            guard let value = arguments[parameter.name], value != .null else {
                if parameter.required { return "The argument '\(path)' is required: \(parameter.description)" }
                continue
            }
            if let problem = parameter.problem(with: value, at: path) { return problem }
        }
        return nil
    }

    private func problem(with value: JSONValue, at path: String) -> String? {
        switch (kind, value) {
        case (.string, .string), (.boolean, .bool):
            return nil
        case (.strings, .array(let items)):
            return items.allSatisfy { $0.stringValue != nil } ? nil : "The argument '\(path)' must be a list of strings."
        case (.integer(let minimum, let maximum), .integer(let number)):
            if let minimum, number < minimum { return "The argument '\(path)' must be at least \(minimum), not \(number)." }
            if let maximum, number > maximum { return "The argument '\(path)' must be at most \(maximum), not \(number)." }
            return nil
        case (.object(let properties), .object(let fields)):
            return Self.problem(with: fields, properties, at: path + ".")
        case (.objects(let properties), .array(let items)):
            for (index, item) in items.enumerated() {
                guard case .object(let fields) = item else { return "Each item of '\(path)' must be an object." }
                if let problem = Self.problem(with: fields, properties, at: "\(path)[\(index)].") { return problem }
            }
            return nil
        case (.string, _): return "The argument '\(path)' must be a string."
        case (.strings, _): return "The argument '\(path)' must be a list of strings."
        case (.integer, _): return "The argument '\(path)' must be a whole number."
        case (.boolean, _): return "The argument '\(path)' must be true or false."
        case (.object, _): return "The argument '\(path)' must be an object."
        case (.objects, _): return "The argument '\(path)' must be a list of objects."
        }
    }
}

import CoordStorage

/// Reading and building the JSON of MCP messages without leaving Codable.
extension JSONValue {
    public subscript(key: String) -> JSONValue? {
        if case .object(let fields) = self { return fields[key] }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let fields) = self { return fields }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Any Encodable value as JSON (for example a command's `--json` document).
    public init<T: Encodable>(encoding value: T) throws {
        self = try BoardJSON.decode(JSONValue.self, from: BoardJSON.line(value))
    }

    /// The value as compact JSON text with sorted keys.
    public func jsonText() -> String {
        (try? BoardJSON.line(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

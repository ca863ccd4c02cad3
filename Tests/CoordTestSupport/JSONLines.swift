import CoordStorage
import CoordinationKit

/// `coord … --json` output read back: one JSON object per line.
public enum JSONLines {
    public static func objects(_ text: String) throws -> [[String: JSONValue]] {
        try Array(text.utf8).split(separator: UInt8(ascii: "\n")).map {
            try BoardJSON.decode([String: JSONValue].self, from: $0)
        }
    }
}

extension [String: JSONValue] {
    /// The string field `key`, or nil.
    public func string(_ key: String) -> String? { self[key]?.stringValue }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let value) = self[key] { return value }
        return nil
    }
}

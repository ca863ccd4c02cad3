/// Who is acting: the `agent` of a bulletin line, the holder of a lock, the
/// source of a decision.
///
/// Comes from `--as NAME`, else `COORD_AGENT`, else `$USER` (then `$LOGNAME`),
/// else `anonymous`. A name must fit the bulletin grammar `- [HH:MM] agent: …`,
/// so it may not contain `:`, `[`, `]`, control characters or line separators,
/// may not be empty or start/end with a space, and is at most 64 bytes.
public struct AgentName: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String
    public static let maximumBytes = 64

    public init(_ text: String) throws {
        if let reason = AgentName.problem(with: text) {
            throw CoordError.invalidInput("The agent name '\(Escaping.escape(text))' \(reason); choose a name such as 'backend-worker' or 'alice'.")
        }
        rawValue = text
    }

    /// The reason `text` cannot be an agent name, or nil when it can.
    public static func problem(with text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        if text.unicodeScalars.first == " " || text.unicodeScalars.last == " " { return "starts or ends with a space" }
        for scalar in text.unicodeScalars {
            if scalar == ":" { return "contains ':'" }
            if scalar == "[" || scalar == "]" { return "contains a square bracket" }
            if Escaping.needsEscape(scalar) { return "contains a control character or line break" }
        }
        return nil
    }

    /// Resolves the acting agent: explicit name, then `COORD_AGENT`, then the login name.
    public static func resolve(explicit: String?, environment: (String) -> String?) throws -> AgentName {
        if let explicit { return try AgentName(explicit) }
        if let name = environment("COORD_AGENT"), !name.isEmpty { return try AgentName(name) }
        for variable in ["USER", "LOGNAME"] {
            if let name = environment(variable), AgentName.problem(with: name) == nil { return try AgentName(name) }
        }
        return try AgentName("anonymous")
    }

    public var description: String { rawValue }

    public static func < (a: AgentName, b: AgentName) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

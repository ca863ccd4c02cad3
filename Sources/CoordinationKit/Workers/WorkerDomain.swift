import CoordStorage

/// A worker's domain: `backend-api`, `frontend-ui`, `12-factor-agentops`.
///
/// A domain names a file (`.coordination/workers/<domain>.jsonl`), a brief
/// (`.agents/briefs/worker-N-<domain>.md`) and part of an agent name
/// (`worker-N-<domain>`), so it must be safe in all three: not empty, at most
/// 48 bytes, no `/`, `\`, `..`, no leading `.` or `-`, and otherwise only
/// letters, digits (any script) and `-_.+@`, so it needs no quoting anywhere.
public struct WorkerDomain: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String
    public static let maximumBytes = 48

    public init(_ text: String) throws {
        if let reason = Self.problem(with: text) {
            throw CoordError.invalidDomain(text, reason: reason)
        }
        rawValue = text
    }

    /// Why `text` cannot be a domain, or nil when it can.
    public static func problem(with text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        if text.contains("/") { return "contains '/'" }
        if text.contains("..") { return "contains '..'" }
        if text.hasPrefix(".") { return "starts with '.'" }
        if text.hasPrefix("-") { return "starts with '-'" }
        for scalar in text.unicodeScalars {
            if Escaping.needsEscape(scalar) { return "contains a control character or line break" }
            if scalar.properties.isWhitespace { return "contains whitespace" }
            if scalar == "/" || scalar == "\\" { return "contains '\(scalar)'" }
            if scalar == "," { return "contains ',' (domains are separated by commas)" }
            if !isAllowed(scalar) { return "contains '\(scalar)'; use letters, digits, '-', '_', '.', '+' or '@'" }
        }
        return nil
    }

    /// Letters and digits (any script), and `-_.+@`: safe in file names, agent
    /// names and unquoted shell words.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a" ... "z", "A" ... "Z", "0" ... "9", "-", "_", ".", "+", "@": return true
        default: return !scalar.isASCII && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
        }
    }

    /// The entity name the Meta-Observer pattern uses: `Worker Session: backend-api`.
    public var entityName: String { WorkerDomain.entityPrefix + rawValue }
    public static let entityPrefix = "Worker Session: "

    /// The journal file in `.coordination/workers/`.
    public var fileName: String { rawValue + ".jsonl" }

    /// The agent name a launched worker acts as: `worker-1-backend-api`.
    public func agentName(number: Int) -> String { "worker-\(number)-\(rawValue)" }

    /// The brief's file name in `.agents/briefs/`.
    public func briefName(number: Int) -> String { "worker-\(number)-\(rawValue).md" }

    public var description: String { rawValue }

    public static func < (a: WorkerDomain, b: WorkerDomain) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws {
        try self.init(decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Parses a comma-separated list (`a,b,c`), refusing any bad or repeated domain.
    /// Surrounding spaces are trimmed; nothing is accepted unless everything is.
    public static func list(_ text: String) throws -> [WorkerDomain] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { part -> String in
            var trimmed = part
            while trimmed.first == " " { trimmed.removeFirst() }
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }
        return try validated(parts)
    }

    /// Validates several domains together: each one, then that none repeats.
    public static func validated(_ texts: [String]) throws -> [WorkerDomain] {
        var seen = Set<String>()
        var domains: [WorkerDomain] = []
        for text in texts {
            let domain = try WorkerDomain(text)
            guard seen.insert(domain.rawValue).inserted else { throw CoordError.repeatedDomain(text) }
            domains.append(domain)
        }
        return domains
    }
}

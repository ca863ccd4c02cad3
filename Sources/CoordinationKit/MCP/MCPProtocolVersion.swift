import CoordStorage

/// The MCP revisions `coord mcp` speaks, and how a client's request picks one.
///
/// Two eras exist. Up to 2025-11-25 a client opens with `initialize` and the
/// server answers with the revision both use for the rest of the process
/// ("legacy"). From 2026-07-28 on there is no handshake: every request names
/// its revision in `params._meta`, and `server/discover` lists what the server
/// supports ("modern"). The official Python SDK (`mcp` 2.3.0) probes with
/// `server/discover` at 2026-07-28 by default, and falls back to `initialize`
/// at 2025-11-25 only when the probe fails.
public enum MCPProtocolVersion {
    /// Revisions reached through `initialize`, oldest first.
    public static let handshake = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// Revisions that carry their version in every request's `_meta`, oldest first.
    public static let modern = ["2026-07-28"]
    public static var all: [String] { handshake + modern }

    /// The `_meta` keys of the modern era.
    public static let versionKey = "io.modelcontextprotocol/protocolVersion"
    public static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    public static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    public static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    /// The revision to answer an `initialize` that asked for `requested`: the
    /// same one when it is a handshake revision, else the newest handshake one
    /// (the client then decides whether it can use it).
    public static func negotiate(_ requested: String?) -> String {
        if let requested, handshake.contains(requested) { return requested }
        return handshake[handshake.count - 1]
    }

    /// Whether a modern request at `version` can be served.
    public static func isModern(_ version: String) -> Bool { modern.contains(version) }
}

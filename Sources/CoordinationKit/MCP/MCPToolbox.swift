import CoordStorage

/// What an MCP server offers: tools and read-only resources. `coord mcp`
/// has two: the board (tools that mirror the CLI) and the memory profile
/// (the MCP memory server's tools over the board's journals).
public protocol MCPToolbox {
    /// Guidance for the model, sent with `initialize` and `server/discover`.
    var instructions: String { get }
    var tools: [MCPTool] { get }
    /// Runs one tool. A domain failure (conflict, not found, refused) is a
    /// result with `isError`; only a tool that does not exist throws, as a
    /// `JSONRPCError`.
    func call(_ name: String, arguments: [String: JSONValue], as agent: AgentName) throws -> MCPToolResult
    func resources() throws -> [MCPResource]
    var resourceTemplates: [MCPResourceTemplate] { get }
    /// The contents at `uri`; nil when no resource has that URI.
    func read(_ uri: String) throws -> MCPResourceContents?
}

/// One tool as `tools/list` shows it.
public struct MCPTool: Sendable {
    public var name: String
    public var title: String
    public var description: String
    /// A JSON Schema (draft 2020-12) object for the arguments.
    public var inputSchema: JSONValue
    /// The tool only reads the board.
    public var readOnly: Bool
    /// Calling it twice with the same arguments changes nothing more.
    public var idempotent: Bool

    public init(name: String, title: String, description: String, inputSchema: JSONValue, readOnly: Bool, idempotent: Bool) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.readOnly = readOnly
        self.idempotent = idempotent
    }

    var json: JSONValue {
        .object([
            "name": .string(name),
            "title": .string(title),
            "description": .string(description),
            "inputSchema": inputSchema,
            "annotations": .object([
                "title": .string(title),
                "readOnlyHint": .bool(readOnly),
                "destructiveHint": .bool(false),
                "idempotentHint": .bool(idempotent),
                "openWorldHint": .bool(false),
            ]),
        ])
    }
}

/// What a tool call gives back: structured content (the CLI's `--json`
/// document) and a short text for the model; `isError` for a domain failure.
public struct MCPToolResult: Sendable, Equatable {
    public var structured: JSONValue?
    public var text: String
    public var isError: Bool
    /// Repeat the structured content as a second text block (false when the text already is the data).
    public var echoesStructured: Bool

    public init(structured: JSONValue?, text: String, isError: Bool = false, echoesStructured: Bool = true) {
        self.structured = structured
        self.text = text
        self.isError = isError
        self.echoesStructured = echoesStructured
    }

    var json: JSONValue {
        var content: [JSONValue] = [.object(["type": .string("text"), "text": .string(text)])]
        var fields: [String: JSONValue] = ["isError": .bool(isError)]
        if let structured {
            // Clients that ignore structuredContent still see the data, as the
            // specification recommends, in a second text block.
            if echoesStructured { content.append(.object(["type": .string("text"), "text": .string(structured.jsonText())])) }
            fields["structuredContent"] = structured
        }
        fields["content"] = .array(content)
        return .object(fields)
    }
}

public struct MCPResource: Sendable {
    public var uri: String
    public var name: String
    public var description: String
    public var mimeType = "application/json"

    public init(uri: String, name: String, description: String) {
        self.uri = uri
        self.name = name
        self.description = description
    }

    var json: JSONValue {
        .object(["uri": .string(uri), "name": .string(name), "description": .string(description), "mimeType": .string(mimeType)])
    }
}

public struct MCPResourceTemplate: Sendable {
    public var uriTemplate: String
    public var name: String
    public var description: String

    public init(uriTemplate: String, name: String, description: String) {
        self.uriTemplate = uriTemplate
        self.name = name
        self.description = description
    }

    var json: JSONValue {
        .object([
            "uriTemplate": .string(uriTemplate), "name": .string(name), "description": .string(description),
            "mimeType": .string("application/json"),
        ])
    }
}

public struct MCPResourceContents: Sendable {
    public var uri: String
    public var mimeType = "application/json"
    public var text: String

    public init(uri: String, text: String) {
        self.uri = uri
        self.text = text
    }

    var json: JSONValue { .object(["uri": .string(uri), "mimeType": .string(mimeType), "text": .string(text)]) }
}

/// Who the tools act as: `--as NAME`, else `COORD_AGENT`, else the client's
/// `clientInfo.name` (when it is a valid agent name), else the login name.
public struct MCPIdentity: Sendable {
    public var configured: AgentName?
    public var fallback: AgentName

    public init(configured: AgentName?, fallback: AgentName) {
        self.configured = configured
        self.fallback = fallback
    }

    public func agent(clientName: String?) -> AgentName {
        if let configured { return configured }
        if let clientName, let name = try? AgentName(clientName) { return name }
        return fallback
    }
}

import CoordStorage

/// The MCP protocol on top of a toolbox: reads one JSON-RPC message, returns
/// the response line (or nothing for a notification). It serves both eras of
/// MCP on one connection (see `MCPProtocolVersion`): `initialize` selects a
/// handshake revision, and a request whose `_meta` names a modern revision is
/// answered under that revision.
///
/// Requests are answered one at a time, in the order they arrive.
public final class MCPServer {
    public let toolbox: any MCPToolbox
    public let identity: MCPIdentity
    public let serverName: String
    public let serverVersion: String
    /// The revision agreed by `initialize`, if a client sent one.
    public private(set) var handshakeVersion: String?
    /// `clientInfo.name` from `initialize`.
    public private(set) var clientName: String?

    public init(toolbox: any MCPToolbox, identity: MCPIdentity, serverName: String = "coord", serverVersion: String) {
        self.toolbox = toolbox
        self.identity = identity
        self.serverName = serverName
        self.serverVersion = serverVersion
    }

    /// The response to one line of input, newline included; nil when none is due.
    public func respond(to line: some Collection<UInt8>) -> [UInt8]? {
        let message: JSONRPCIncoming
        do {
            guard case .object = try BoardJSON.decode(JSONValue.self, from: line) else {
                return encode(
                    JSONRPCResponse(id: nil, error: .invalidRequest("a message must be a JSON object (batches are not supported)")))
            }
            message = try BoardJSON.decode(JSONRPCIncoming.self, from: line)
        } catch {
            return encode(JSONRPCResponse(id: nil, error: .parseError("the line is not valid JSON")))
        }
        return respond(to: message).map(encode)
    }

    /// The response to one decoded message; nil for notifications and responses.
    public func respond(to message: JSONRPCIncoming) -> JSONRPCResponse? {
        guard message.jsonrpc == "2.0" else {
            return JSONRPCResponse(id: message.id, error: .invalidRequest("\"jsonrpc\" must be \"2.0\""))
        }
        guard let method = message.method else {
            // A response to a request this server never sends: nothing to answer.
            if message.hasID { return nil }
            return JSONRPCResponse(id: nil, error: .invalidRequest("a message needs a \"method\""))
        }
        guard message.hasID else { return nil }  // notifications/initialized, notifications/cancelled, …
        guard let id = message.id else {
            return JSONRPCResponse(id: nil, error: .invalidRequest("\"id\" must be a string or a number"))
        }
        do {
            return JSONRPCResponse(id: id, result: try answer(method, params: message.params))
        } catch let error as JSONRPCError {
            return JSONRPCResponse(id: id, error: error)
        } catch {
            return JSONRPCResponse(id: id, error: JSONRPCError(code: JSONRPCError.internalErrorCode, message: "\(error)"))
        }
    }

    private func answer(_ method: String, params: JSONValue?) throws -> JSONValue {
        let fields: [String: JSONValue]
        switch params {
        case nil, .null?: fields = [:]
        case .object(let object)?: fields = object
        default: throw JSONRPCError.invalidParams("\"params\" must be an object.")
        }
        let meta = fields["_meta"]?.objectValue ?? [:]
        let request = Request(fields: fields, meta: meta)
        if let version = meta[MCPProtocolVersion.versionKey] {
            guard let version = version.stringValue, MCPProtocolVersion.isModern(version) else {
                throw JSONRPCError(
                    code: JSONRPCError.unsupportedProtocolVersionCode, message: "Unsupported protocol version",
                    data: .object([
                        "supported": .array(MCPProtocolVersion.all.map(JSONValue.string)),
                        "requested": meta[MCPProtocolVersion.versionKey] ?? .null,
                    ]))
            }
            return try modern(method, request)
        }
        return try legacy(method, request)
    }

    struct Request {
        var fields: [String: JSONValue]
        var meta: [String: JSONValue]
        var clientName: String? { meta[MCPProtocolVersion.clientInfoKey]?["name"]?.stringValue }
    }

    // MARK: The handshake era

    private func legacy(_ method: String, _ request: Request) throws -> JSONValue {
        switch method {
        case "initialize":
            let version = MCPProtocolVersion.negotiate(request.fields["protocolVersion"]?.stringValue)
            handshakeVersion = version
            clientName = request.fields["clientInfo"]?["name"]?.stringValue
            return .object([
                "protocolVersion": .string(version),
                "capabilities": capabilities,
                "serverInfo": serverInfo,
                "instructions": .string(toolbox.instructions),
            ])
        case "server/discover":
            throw JSONRPCError.invalidParams("server/discover needs \(MCPProtocolVersion.versionKey) in params._meta.")
        default:
            return try common(method, request, agent: identity.agent(clientName: clientName), modern: false)
        }
    }

    // MARK: The per-request era

    private func modern(_ method: String, _ request: Request) throws -> JSONValue {
        let agent = identity.agent(clientName: request.clientName ?? clientName)
        var result: [String: JSONValue]
        switch method {
        case "server/discover":
            result = [
                "supportedVersions": .array(MCPProtocolVersion.all.map(JSONValue.string)),
                "capabilities": capabilities,
                "instructions": .string(toolbox.instructions),
                "ttlMs": .integer(60_000),
                "cacheScope": .string("public"),
            ]
        case "initialize":
            throw JSONRPCError.invalidRequest(
                "initialize belongs to the handshake revisions; send it without \(MCPProtocolVersion.versionKey)")
        default:
            guard case .object(let fields) = try common(method, request, agent: agent, modern: true) else { return .object([:]) }
            result = fields
        }
        result["resultType"] = .string("complete")
        var meta = result["_meta"]?.objectValue ?? [:]
        meta[MCPProtocolVersion.serverInfoKey] = serverInfo
        result["_meta"] = .object(meta)
        return .object(result)
    }

    // MARK: Methods of both eras

    private func common(_ method: String, _ request: Request, agent: AgentName, modern: Bool) throws -> JSONValue {
        let fields = request.fields
        switch method {
        case "ping":
            return .object([:])
        case "tools/list":
            var result: [String: JSONValue] = ["tools": .array(toolbox.tools.map(\.json))]
            if modern { (result["ttlMs"], result["cacheScope"]) = (.integer(60_000), .string("public")) }
            return .object(result)
        case "tools/call":
            guard let name = fields["name"]?.stringValue else { throw JSONRPCError.invalidParams("tools/call needs a \"name\" string.") }
            let arguments: [String: JSONValue]
            switch fields["arguments"] {
            case nil, .null?: arguments = [:]
            case .object(let object)?: arguments = object
            default: throw JSONRPCError.invalidParams("\"arguments\" must be an object.")
            }
            guard toolbox.tools.contains(where: { $0.name == name }) else { throw JSONRPCError.invalidParams("Unknown tool: \(name)") }
            return try toolbox.call(name, arguments: arguments, as: agent).json
        case "resources/list":
            var result: [String: JSONValue] = ["resources": .array(try toolbox.resources().map(\.json))]
            if modern { (result["ttlMs"], result["cacheScope"]) = (.integer(0), .string("private")) }
            return .object(result)
        case "resources/templates/list":
            var result: [String: JSONValue] = ["resourceTemplates": .array(toolbox.resourceTemplates.map(\.json))]
            if modern { (result["ttlMs"], result["cacheScope"]) = (.integer(60_000), .string("public")) }
            return .object(result)
        case "resources/read":
            guard let uri = fields["uri"]?.stringValue else { throw JSONRPCError.invalidParams("resources/read needs a \"uri\" string.") }
            guard let contents = try toolbox.read(uri) else {
                // 2026-07-28 moved "not found" to Invalid Params; earlier revisions used -32002.
                throw JSONRPCError(
                    code: modern ? JSONRPCError.invalidParamsCode : -32002, message: "Resource not found",
                    data: .object(["uri": .string(uri)]))
            }
            var result: [String: JSONValue] = ["contents": .array([contents.json])]
            if modern { (result["ttlMs"], result["cacheScope"]) = (.integer(0), .string("private")) }
            return .object(result)
        default:
            throw JSONRPCError.methodNotFound(method)
        }
    }

    private var capabilities: JSONValue {
        .object(["tools": .object(["listChanged": .bool(false)]), "resources": .object(["listChanged": .bool(false)])])
    }

    private var serverInfo: JSONValue { .object(["name": .string(serverName), "version": .string(serverVersion)]) }

    private func encode(_ response: JSONRPCResponse) -> [UInt8] {
        if let line = try? response.line() { return line }
        let failure = JSONRPCError(code: JSONRPCError.internalErrorCode, message: "The response could not be encoded as JSON.")
        return (try? JSONRPCResponse(id: response.id, error: failure).line()) ?? []
    }
}

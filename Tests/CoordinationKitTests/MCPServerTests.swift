import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// The MCP protocol layer: JSON-RPC encoding and decoding, version
/// negotiation for both eras, and the errors for malformed requests. The
/// server runs on the memory profile over a temporary board.
@Suite struct MCPServerTests {
    static let modernMeta: JSONValue = .object([
        MCPProtocolVersion.versionKey: .string("2026-07-28"),
        MCPProtocolVersion.clientInfoKey: .object(["name": .string("unit"), "version": .string("1")]),
        MCPProtocolVersion.clientCapabilitiesKey: .object([:]),
    ])

    func withServer(_ body: (MCPServer) throws -> Void) throws {
        try TemporaryBoard.with { board in
            let toolbox = MemoryGraphToolbox(workspace: try board.workspace())
            let identity = MCPIdentity(configured: nil, fallback: try AgentName("fallback"))
            try body(MCPServer(toolbox: toolbox, identity: identity, serverVersion: "9.9.9"))
        }
    }

    /// Sends one line and decodes the response line.
    func send(_ server: MCPServer, _ line: String) throws -> JSONValue? {
        guard let bytes = server.respond(to: Array(line.utf8)) else { return nil }
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try BoardJSON.decode(JSONValue.self, from: bytes)
    }

    @Test func requestIDsRoundTripAsNumbersOrStrings() throws {
        for text in ["7", "\"req-7\"", "-1"] {
            let id = try BoardJSON.decode(JSONRPCID.self, from: Array(text.utf8))
            #expect(String(decoding: try BoardJSON.line(id), as: UTF8.self) == text)
        }
    }

    @Test func responsesAreOneLineWithSortedKeysAndANullIDWhenUnknown() throws {
        let error = JSONRPCResponse(id: nil, error: .parseError("the line is not valid JSON"))
        #expect(
            String(decoding: try error.line(), as: UTF8.self)
                == #"{"error":{"code":-32700,"message":"Parse error: the line is not valid JSON"},"id":null,"jsonrpc":"2.0"}"# + "\n")
        let result = JSONRPCResponse(id: .string("a"), result: .object(["b": .integer(1), "a": .bool(true)]))
        #expect(String(decoding: try result.line(), as: UTF8.self) == #"{"id":"a","jsonrpc":"2.0","result":{"a":true,"b":1}}"# + "\n")
    }

    @Test func decodingTellsRequestsNotificationsAndResponsesApart() throws {
        let request = try BoardJSON.decode(JSONRPCIncoming.self, from: Array(#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.utf8))
        #expect(request.id == .number(1) && request.hasID && request.method == "ping")
        let notification = try BoardJSON.decode(
            JSONRPCIncoming.self, from: Array(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#.utf8))
        #expect(!notification.hasID && notification.id == nil)
        let nullID = try BoardJSON.decode(JSONRPCIncoming.self, from: Array(#"{"jsonrpc":"2.0","id":null,"method":"ping"}"#.utf8))
        #expect(nullID.hasID && nullID.id == nil)
    }

    @Test func negotiationEchoesHandshakeRevisionsAndOffersTheNewestOtherwise() {
        for version in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"] {
            #expect(MCPProtocolVersion.negotiate(version) == version)
        }
        #expect(MCPProtocolVersion.negotiate("2026-07-28") == "2025-11-25")
        #expect(MCPProtocolVersion.negotiate("garbage") == "2025-11-25")
        #expect(MCPProtocolVersion.negotiate(nil) == "2025-11-25")
        #expect(MCPProtocolVersion.isModern("2026-07-28") && !MCPProtocolVersion.isModern("2025-11-25"))
    }

    @Test func initializeAnswersTheHandshake() throws {
        try withServer { server in
            let reply = try send(
                server,
                #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"unit","version":"1"}}}"#
            )
            #expect(reply?["result"]?["protocolVersion"] == .string("2025-06-18"))
            #expect(reply?["result"]?["serverInfo"]?["version"] == .string("9.9.9"))
            #expect(reply?["result"]?["capabilities"]?["tools"] != nil)
            #expect(server.handshakeVersion == "2025-06-18" && server.clientName == "unit")
            #expect(reply?["result"]?["resultType"] == nil)
        }
    }

    @Test func modernRequestsCarryResultTypeServerInfoAndCacheHints() throws {
        try withServer { server in
            let meta = Self.modernMeta.jsonText()
            let discover = try send(server, #"{"jsonrpc":"2.0","id":"d","method":"server/discover","params":{"_meta":\#(meta)}}"#)
            #expect(discover?["result"]?["supportedVersions"]?.arrayValue?.contains(.string("2026-07-28")) == true)
            #expect(discover?["result"]?["resultType"] == .string("complete"))
            #expect(discover?["result"]?["_meta"]?[MCPProtocolVersion.serverInfoKey]?["name"] == .string("coord"))
            let tools = try send(server, #"{"jsonrpc":"2.0","id":2,"method":"tools/list","params":{"_meta":\#(meta)}}"#)
            #expect(tools?["result"]?["tools"]?.arrayValue?.count == 9)
            #expect(tools?["result"]?["cacheScope"] == .string("public") && tools?["result"]?["ttlMs"] != nil)
        }
    }

    @Test func anUnsupportedModernRevisionListsTheSupportedOnes() throws {
        try withServer { server in
            let reply = try send(
                server,
                #"{"jsonrpc":"2.0","id":3,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2030-01-01"}}}"#
            )
            #expect(reply?["error"]?["code"] == .integer(-32022))
            #expect(reply?["error"]?["data"]?["requested"] == .string("2030-01-01"))
            #expect(reply?["error"]?["data"]?["supported"]?.arrayValue?.count == MCPProtocolVersion.all.count)
        }
    }

    @Test func malformedRequestsGetJSONRPCErrors() throws {
        try withServer { server in
            let cases: [(String, Int64)] = [
                ("{", -32700),
                ("[]", -32600),
                (#"{"id":1,"method":"ping"}"#, -32600),
                (#"{"jsonrpc":"2.0","id":{},"method":"ping"}"#, -32600),
                (#"{"jsonrpc":"2.0","id":1,"method":"resources/subscribe"}"#, -32601),
                (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"nope"}}"#, -32602),
                (#"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"read_graph","arguments":"x"}}"#, -32602),
                (#"{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"coord://none"}}"#, -32002),
            ]
            for (line, code) in cases {
                let reply = try send(server, line)
                #expect(reply?["error"]?["code"] == .integer(code), "\(line)")
            }
            let notification = try send(server, #"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}"#)
            #expect(notification == nil)
            let response = try send(server, #"{"jsonrpc":"2.0","id":5,"result":{}}"#)
            #expect(response == nil)
        }
    }

    @Test func toolFailuresAreResultsWithIsError() throws {
        try withServer { server in
            let reply = try send(
                server,
                #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"add_observations","arguments":{"observations":[{"entityName":"Ghost","contents":["boo"]}]}}}"#
            )
            #expect(reply?["result"]?["isError"] == .bool(true))
            let text = reply?["result"]?["content"]?.arrayValue?.first?["text"]?.stringValue ?? ""
            #expect(text.hasPrefix("Entity with name Ghost not found"))
        }
    }

    @Test func argumentsAreCheckedAgainstTheParameters() {
        let parameters = [
            ToolParameter("paths", .strings, "Paths.", required: true),
            ToolParameter("limit", .integer(minimum: 0, maximum: 50), "How many."),
            ToolParameter("items", .objects([ToolParameter("name", .string, "A name.", required: true)]), "Items."),
        ]
        #expect(ToolParameter.problem(with: ["paths": .array([.string("a")])], parameters) == nil)
        #expect(ToolParameter.problem(with: [:], parameters) == "The argument 'paths' is required: Paths.")
        #expect(ToolParameter.problem(with: ["paths": .string("a")], parameters) == "The argument 'paths' must be a list of strings.")
        #expect(
            ToolParameter.problem(with: ["paths": .array([]), "limit": .integer(51)], parameters)
                == "The argument 'limit' must be at most 50, not 51.")
        #expect(
            ToolParameter.problem(with: ["paths": .array([]), "items": .array([.object([:])])], parameters)
                == "The argument 'items[0].name' is required: A name.")
        #expect(
            ToolParameter.problem(with: ["paths": .array([]), "other": .null], parameters)
                == "Unknown argument 'other'; the arguments are paths, limit, items.")
    }
}

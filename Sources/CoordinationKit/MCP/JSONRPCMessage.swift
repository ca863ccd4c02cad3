import CoordStorage

/// A JSON-RPC 2.0 request id: a number or a string, echoed back unchanged.
public enum JSONRPCID: Codable, Sendable, Hashable {
    case number(Int64)
    case string(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }
}

/// One message a client sent, as far as the server needs to read it. A
/// request has a method and an id; a notification has a method and no id; a
/// response (which this server never asks for) has neither a method nor params.
public struct JSONRPCIncoming: Decodable, Sendable {
    public var jsonrpc: String?
    /// The id, when the message carries one that is a number or a string.
    public var id: JSONRPCID?
    /// True when the message has an `id` key at all (even `null` or a bad value).
    public var hasID: Bool
    public var method: String?
    public var params: JSONValue?

    enum CodingKeys: String, CodingKey { case jsonrpc, id, method, params }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try? container.decodeIfPresent(String.self, forKey: .jsonrpc)
        hasID = container.contains(.id)
        id = try? container.decodeIfPresent(JSONRPCID.self, forKey: .id)
        method = try? container.decodeIfPresent(String.self, forKey: .method)
        params = try container.decodeIfPresent(JSONValue.self, forKey: .params)
    }
}

/// The error object of a JSON-RPC error response.
public struct JSONRPCError: Codable, Sendable, Equatable, Error {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    /// MCP 2026-07-28: the request's protocol version is not one the server speaks.
    public static let unsupportedProtocolVersionCode = -32022

    public static func parseError(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: parseErrorCode, message: "Parse error: \(detail)")
    }
    public static func invalidRequest(_ detail: String) -> JSONRPCError {
        JSONRPCError(code: invalidRequestCode, message: "Invalid request: \(detail)")
    }
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        JSONRPCError(code: methodNotFoundCode, message: "Method not found: \(method)")
    }
    public static func invalidParams(_ detail: String) -> JSONRPCError { JSONRPCError(code: invalidParamsCode, message: detail) }
}

/// A response line: `result` or `error`, never both. An error answering a
/// message whose id could not be read carries `"id": null`, as JSON-RPC asks.
public struct JSONRPCResponse: Encodable, Sendable {
    public var id: JSONRPCID?
    public var result: JSONValue?
    public var error: JSONRPCError?

    public init(id: JSONRPCID?, result: JSONValue) {
        self.id = id
        self.result = result
    }

    public init(id: JSONRPCID?, error: JSONRPCError) {
        self.id = id
        self.error = error
    }

    enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
        if let error { try container.encode(error, forKey: .error) } else { try container.encode(result ?? .object([:]), forKey: .result) }
    }

    /// The response as one line, newline included: what goes on standard output.
    public func line() throws -> [UInt8] { try BoardJSON.line(self) + [UInt8(ascii: "\n")] }
}

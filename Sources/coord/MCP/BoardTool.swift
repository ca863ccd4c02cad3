import CoordStorage
import CoordinationKit

/// One board tool: an MCP tool that runs one `coord` command with `--json`.
/// Each argument maps to the command's own argument or option, so a tool
/// accepts, refuses and answers exactly as the command does.
struct BoardTool: Sendable {
    /// How an argument reaches the command line.
    enum Spelling: Sendable {
        /// After `--`, in order (a message, paths, ids, a domain).
        case positional
        /// `--name=value`, repeated for a list, bare for `true`.
        case option(String)
    }

    struct Argument: Sendable {
        var parameter: ToolParameter
        var spelling: Spelling
    }

    var name: String
    var title: String
    var description: String
    /// The subcommand path, such as `["worker", "update"]`.
    var command: [String]
    var arguments: [Argument]
    var readOnly: Bool
    var idempotent = false
    /// The command prints one JSON object per line; they are gathered under `entries`.
    var printsLines = false
    /// The short text of a successful result, from the command's JSON.
    var summary: @Sendable (JSONValue) -> String

    var tool: MCPTool {
        MCPTool(
            name: name, title: title, description: description,
            inputSchema: ToolParameter.objectSchema(arguments.map(\.parameter)), readOnly: readOnly, idempotent: idempotent)
    }

    /// The command line for `values`, which have been checked against the schema.
    func commandLine(_ values: [String: JSONValue]) -> [String] {
        var options: [String] = []
        var positionals: [String] = []
        for argument in arguments {
            guard let value = values[argument.parameter.name] else { continue }
            let texts: [String]
            switch value {
            case .string(let text): texts = [text]
            case .integer(let number): texts = [String(number)]
            case .array(let items): texts = items.compactMap(\.stringValue)
            case .bool(let flag):
                if flag, case .option(let option) = argument.spelling { options.append("--\(option)") }
                continue
            default: continue
            }
            switch argument.spelling {
            case .positional: positionals += texts
            case .option(let option): options += texts.map { "--\(option)=\($0)" }
            }
        }
        return command + options + (positionals.isEmpty ? [] : ["--"] + positionals)
    }
}

extension BoardTool.Argument {
    static func positional(_ name: String, _ kind: ToolParameter.Kind, _ description: String, required: Bool = false) -> Self {
        Self(parameter: ToolParameter(name, kind, description, required: required), spelling: .positional)
    }

    static func option(
        _ name: String, _ kind: ToolParameter.Kind, _ description: String, required: Bool = false,
        flag: String? = nil
    ) -> Self {
        Self(
            parameter: ToolParameter(name, kind, description, required: required),
            spelling: .option(flag ?? name.replacing("_", with: "-")))
    }
}

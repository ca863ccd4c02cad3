import CoordStorage

/// A coding agent's pre-tool-use hook event, as it arrives on standard input:
///
///     {"hook_event_name":"PreToolUse","tool_name":"Edit","cwd":"/repo",
///      "tool_input":{"file_path":"/repo/src/auth/login.swift","old_string":"…","new_string":"…"}}
///
/// Only the fields coord needs are read; the rest of the event is ignored.
public struct PreEditEvent: Sendable, Equatable {
    /// The tools that change a file, and the `tool_input` key naming it.
    public static let editingTools: [String: String] = [
        "Edit": "file_path", "Write": "file_path", "MultiEdit": "file_path", "NotebookEdit": "notebook_path",
    ]

    public var toolName: String
    /// The file the tool would change, as the agent gave it (usually absolute);
    /// nil for a tool that changes no file (Read, Bash, …).
    public var filePath: String?
    /// The folder the agent runs in, for a relative `filePath`.
    public var directory: String?

    public init(toolName: String, filePath: String?, directory: String?) {
        self.toolName = toolName
        self.filePath = filePath
        self.directory = directory
    }

    /// Why `bytes` cannot be read as an event.
    public struct Malformed: Error, Equatable, Sendable {
        public var reason: String
    }

    /// The event in `bytes`, or `Malformed` saying what is wrong with it.
    public static func parse(_ bytes: [UInt8]) throws(Malformed) -> PreEditEvent {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw Malformed(reason: "standard input is empty, not a hook event")
        }
        guard let fields = try? BoardJSON.decode([String: JSONValue].self, from: bytes) else {
            throw Malformed(reason: "standard input is not a JSON object")
        }
        guard let tool = fields["tool_name"]?.stringValue else {
            throw Malformed(reason: "the event has no \"tool_name\" string")
        }
        let directory = fields["cwd"]?.stringValue
        guard let key = editingTools[tool] else { return PreEditEvent(toolName: tool, filePath: nil, directory: directory) }
        guard case .object(let input) = fields["tool_input"] else {
            throw Malformed(reason: "the \(tool) event has no \"tool_input\" object")
        }
        guard let path = input[key]?.stringValue, !path.isEmpty else {
            throw Malformed(reason: "the \(tool) event's tool_input has no \"\(key)\" string")
        }
        return PreEditEvent(toolName: tool, filePath: path, directory: directory)
    }
}

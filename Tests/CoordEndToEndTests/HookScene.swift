import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// A board inside a real git repository, for the pre-edit and pre-commit hooks.
struct HookScene {
    let locks: LockScene
    var root: String { locks.root }

    init() throws {
        locks = try LockScene()
        try git(["init", "-q", "-b", "main"])
    }

    /// Git with no user or system configuration, committing as `agent`
    /// (which the hooks read as COORD_AGENT), with coord on PATH.
    @discardableResult
    func git(_ arguments: [String], as agent: String = "lead", extra: [String: String] = [:]) throws -> ProcessResult {
        try Subprocess.run(["git"] + arguments, environment: environment(extra, as: agent), directory: root)
    }

    /// The environment git and its hooks run in.
    func environment(_ extra: [String: String] = [:], as agent: String = "lead") -> [String: String] {
        var environment = LockScene.environment(agent, at: "09:30:00")
        environment.merge(
            [
                "GIT_AUTHOR_NAME": agent, "GIT_AUTHOR_EMAIL": "\(agent)@example.com",
                "GIT_COMMITTER_NAME": agent, "GIT_COMMITTER_EMAIL": "\(agent)@example.com",
                "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": root,
                "PATH": Self.folder(of: CoordBinary.fastest) + ":/usr/local/bin:/usr/bin:/bin",
            ], uniquingKeysWith: { $1 })
        environment.merge(extra, uniquingKeysWith: { $1 })
        return environment
    }

    /// Writes `text` to `file` (relative to the root), making its folders.
    func write(_ file: String, _ text: String = "text\n") throws {
        let path = root + "/" + file
        try Subprocess.run(["/bin/mkdir", "-p", Self.folder(of: path)])
        FileBytes.write(path, Array(text.utf8))
    }

    /// Commits everything staged as `agent`; the result of `git commit`.
    func commit(_ message: String, as agent: String) throws -> ProcessResult {
        try git(["commit", "-q", "-m", message], as: agent)
    }

    /// `coord hook pre-edit` as `agent`, fed `event`.
    func preEdit(_ event: String, as agent: String, at time: String = "09:30:00") throws -> ProcessResult {
        try CoordBinary.run(["hook", "pre-edit"], in: root, environment: LockScene.environment(agent, at: time), input: event)
    }

    /// A PreToolUse event as a coding agent sends it: absolute path, cwd, session fields.
    func event(_ tool: String, file: String, key: String = "file_path") throws -> String {
        let input: [String: JSONValue] = [key: .string(root + "/" + file), "old_string": .string("a"), "new_string": .string("b")]
        let fields: [String: JSONValue] = [
            "session_id": .string("abc123"), "transcript_path": .string("/tmp/t.jsonl"), "cwd": .string(root),
            "permission_mode": .string("default"), "hook_event_name": .string("PreToolUse"), "tool_name": .string(tool),
            "tool_input": .object(input),
        ]
        return String(decoding: try BoardJSON.line(fields), as: UTF8.self)
    }

    static func folder(of path: String) -> String { String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)]) }
}

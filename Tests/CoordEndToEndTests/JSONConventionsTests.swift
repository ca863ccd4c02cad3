import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Every command's `--json` through the built binary: each document carries
/// `version`, every instant is RFC 3339 UTC with `Z` (the board's zone is
/// Berlin, so a local time would show `+01:00`), and a lock is the same
/// object whichever command prints it.
@Suite struct JSONConventionsTests {
    static let now = "2026-11-21T09:30:00Z"

    /// The commands (`lock`, `task add`, …) this suite ran with `--json`.
    final class Ran: @unchecked Sendable { var commands: Set<String> = [] }
    let ran = Ran()

    /// Runs coord with `--json` in `root` and returns its documents (one per
    /// line for streams, else the whole output).
    /// `utcInstants: false` only for `synthesize`, whose report keeps local times (see `ReportTime`).
    func documents(_ arguments: [String], _ root: String, as agent: String = "alice", status: Int32 = 0,
                   utcInstants: Bool = true,
                   sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: JSONValue]] {
        var arguments = arguments
        ran.commands.insert(arguments.prefix(["decision", "worker", "task", "config", "remote", "inbox"].contains(arguments[0]) ? 2 : 1).joined(separator: " "))
        arguments.insert("--json", at: arguments.firstIndex(of: "--") ?? arguments.endIndex)
        let result = try CoordBinary.run(arguments, in: root,
                                         environment: ["COORD_AGENT": agent, "COORD_NOW": Self.now])
        #expect(result.status == status, "\(arguments): \(result.standardError)", sourceLocation: sourceLocation)
        let text = result.standardOutput
        let isDocument = text.hasPrefix("{\n")
        let objects = isDocument
            ? [try BoardJSON.decode([String: JSONValue].self, from: Array(text.utf8))]
            : try JSONLines.objects(text)
        #expect(!objects.isEmpty, "\(arguments) printed no JSON", sourceLocation: sourceLocation)
        for object in objects {
            #expect(object["version"] == .integer(Int64(JSONView.version)), "\(arguments) has no version",
                    sourceLocation: sourceLocation)
            for text in Self.strings(in: .object(object)) where utcInstants && Self.looksLikeAnInstant(text) {
                #expect(Self.isRFC3339UTC(text), "\(arguments) printed the instant '\(text)'", sourceLocation: sourceLocation)
            }
        }
        return objects
    }

    @Test func everyCommandsJSONHasAVersionUTCInstantsAndOneLockShape() throws {
        let scratch = try TemporaryBoard(initialise: false)
        let root = scratch.root
        _ = try documents(["init", "--timezone", "Europe/Berlin"], root)
        _ = try documents(["doctor"], root)
        _ = try documents(["post", "hello"], root)
        _ = try documents(["read"], root)

        // A lock, seen from every command that shows it: the same object.
        let granted = try documents(["lock", "src/auth", "--intent", "token refresh"], root)
        let lock = try #require(Self.locks(in: granted, key: "locks").first)
        var seen: [String: [String: JSONValue]] = [:]
        seen["locks"] = Self.locks(in: try documents(["locks"], root), key: "locks").first
        seen["check"] = Self.locks(in: try documents(["check", "src/auth/login.swift"], root), key: "locks").first
        seen["status"] = Self.locks(in: try documents(["status"], root), key: "locks").first
        var conflict = Self.locks(in: try documents(["lock", "src/auth", "--intent", "mine"], root, as: "bob", status: 3),
                                  key: "conflicts").first
        #expect(conflict?.removeValue(forKey: "requested") == .string("src/auth"))
        seen["lock, refused"] = conflict
        var checked = Self.locks(in: try documents(["check", "src/auth"], root, as: "bob", status: 3), key: "conflicts").first
        checked?["requested"] = nil
        seen["check, refused"] = checked
        for (command, object) in seen { #expect(object == lock, "coord \(command) shows the lock differently") }
        // History and release add how the grant ended, on top of the same fields.
        let history = try #require(Self.locks(in: try documents(["locks", "--all"], root), key: "locks").first)
        #expect(Set(lock.keys).isSubset(of: Set(history.keys)))
        let renewed = try #require(Self.locks(in: try documents(["renew", "src/auth"], root), key: "locks").first)
        #expect(Set(renewed.keys) == Set(lock.keys).union(["renewed"]))

        _ = try documents(["observe"], root)
        _ = try documents(["decide", "Use JWT", "--context", "sessions", "--rationale", "stateless", "--proposed"], root)
        _ = try documents(["decisions"], root)
        _ = try documents(["decision", "show", "ADR-001"], root)
        _ = try documents(["approve", "ADR-001"], root)
        _ = try documents(["ack", "ADR-001"], root, as: "bob")
        _ = try documents(["launch", "--workers", "1", "--domains", "backend-api", "--goal", "Ship auth"], root, as: "lead")
        _ = try documents(["worker", "update", "backend-api", "--note", "started"], root, as: "worker-1-backend-api")
        _ = try documents(["workers"], root)
        _ = try documents(["worker", "show", "backend-api"], root)
        // `run` prints JSON only when it cannot lock (on success the output is the command's).
        var ran = Self.locks(in: try documents(["run", "--lock", "src/auth", "--", "true"], root, as: "bob", status: 3),
                             key: "conflicts").first
        ran?["requested"] = nil
        #expect(ran.map { Set($0.keys) } == Set(renewed.keys))
        _ = try documents(["brief", "--domain", "frontend-ui"], root, as: "lead")
        _ = try documents(["worker", "handoff", "backend-api", "--to", "frontend-ui", "--note", "schema ready"], root,
                          as: "worker-1-backend-api")
        _ = try documents(["worker", "done", "backend-api", "--report", "shipped"], root, as: "worker-1-backend-api")
        _ = try documents(["decide", "Use sessions", "--context", "c", "--rationale", "r", "--proposed"], root)
        _ = try documents(["reject", "ADR-002", "--reason", "JWT chosen"], root, as: "lead")
        _ = try documents(["decide", "Use OAuth", "--context", "c", "--rationale", "r", "--proposed", "--quorum", "1"], root)
        _ = try documents(["vote", "ADR-003", "yes"], root, as: "bob")
        _ = try documents(["export", "exported"], root)
        _ = try documents(["synthesize", "--date", "2026-11-21"], root, utcInstants: false)
        let released = try documents(["unlock", "src/auth"], root)
        let ended = try #require(Self.locks(in: released, key: "released").first)
        #expect(ended["token"] == lock["token"] && ended["path"] == lock["path"])
        _ = try documents(["import", "exported"], root)
        _ = try documents(["export", "--memory-graph", "graph.jsonl"], root)
        _ = try documents(["import", "--memory-graph", "graph.jsonl"], root)

        // Tasks: a claim holds a lease with a token, like a lock.
        _ = try documents(["task", "add", "Write the parser", "--paths", "src/parser", "--priority", "1"], root)
        _ = try documents(["task", "add", "Ship it", "--after", "T-001"], root)
        _ = try documents(["task", "unlink", "T-002", "--after", "T-001"], root)
        _ = try documents(["task", "link", "T-002", "--after", "T-001"], root)
        _ = try documents(["task", "claim", "T-001", "--lock"], root)
        _ = try documents(["task", "renew", "T-001"], root)
        _ = try documents(["task", "release", "T-001"], root)
        _ = try documents(["task", "claim", "T-001"], root)
        _ = try documents(["task", "show", "T-001"], root)
        _ = try documents(["tasks"], root)
        _ = try documents(["task", "done", "T-001", "--note", "parsed"], root)
        _ = try documents(["task", "block", "T-002", "--reason", "waiting for the release notes"], root)
        _ = try documents(["task", "unblock", "T-002"], root)
        _ = try documents(["task", "cancel", "T-002", "--reason", "not needed"], root)

        // Messages: an urgent one, listed, read, seen by its sender, done.
        _ = try documents(["send", "bob", "the API is live", "--urgent", "--subject", "API"], root)
        let inbox = try documents(["inbox", "list", "--unread"], root, as: "bob")
        #expect(inbox.first?["unread"] == .integer(1))
        _ = try documents(["inbox", "ack", "M-1"], root, as: "bob")
        _ = try documents(["sent"], root)
        _ = try documents(["inbox", "done", "M-1", "--note", "deployed"], root, as: "bob")

        // The board's configuration.
        _ = try CoordBinary.run(["config", "set", "locks.ttl", "45m"], in: root)
        _ = try documents(["config", "list"], root)
        _ = try documents(["config", "get", "locks.ttl"], root)

        // A git remote (docs/multi-host.md).
        _ = try Subprocess.run(["/usr/bin/git", "init", "--bare", "--quiet", root + "/remote.git"])
        _ = try CoordBinary.run(["remote", "add", "origin", "file://" + root + "/remote.git"], in: root)
        _ = try documents(["sync"], root)
        _ = try documents(["remote", "list"], root)

        // Every command that takes --json was run above.
        let help = try CoordBinary.run(["--experimental-dump-help"], in: root)
        let tool = try BoardJSON.decode(JSONValue.self, from: Array(help.standardOutput.utf8))
        let offered = Set(Self.commandsTakingJSON(tool["command"] ?? .null, path: []))
        #expect(!offered.isEmpty)
        #expect(offered.subtracting(self.ran.commands).isEmpty, "never run with --json: \(offered.subtracting(self.ran.commands).sorted())")
    }

    // MARK: Helpers

    /// The command paths (`lock`, `task add`) whose arguments include `--json`, from `--experimental-dump-help`.
    static func commandsTakingJSON(_ command: JSONValue, path: [String]) -> [String] {
        guard case .object(let fields) = command else { return [] }
        var found: [String] = []
        if case .array(let arguments)? = fields["arguments"], arguments.contains(where: { argument in
            guard case .object(let argument) = argument, case .array(let names)? = argument["names"] else { return false }
            return names.contains { if case .object(let name) = $0 { name["name"] == .string("json") } else { false } }
        }) {
            found.append(path.joined(separator: " "))
        }
        if case .array(let subcommands)? = fields["subcommands"] {
            for case .object(let subcommand) in subcommands {
                guard case .string(let name)? = subcommand["commandName"] else { continue }
                found += commandsTakingJSON(.object(subcommand), path: path + [name])
            }
        }
        return found
    }

    static func locks(in documents: [[String: JSONValue]], key: String) -> [[String: JSONValue]] {
        guard case .array(let items)? = documents.first?[key] else { return [] }
        return items.compactMap { if case .object(let object) = $0 { object } else { nil } }
    }

    static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.flatMap(strings)
        case .object(let fields): fields.values.flatMap(strings)
        default: []
        }
    }

    /// `2026-11-21T…`: a date followed by a time.
    static func looksLikeAnInstant(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12]
        return digits.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } && bytes[4] == 0x2D && bytes[10] == 0x54
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff]Z` and nothing else.
    static func isRFC3339UTC(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 20 || bytes.count == 24, bytes.last == UInt8(ascii: "Z") else { return false }
        let pattern = bytes.count == 20 ? "dddd-dd-ddTdd:dd:ddZ" : "dddd-dd-ddTdd:dd:dd.dddZ"
        return zip(bytes, pattern.utf8).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (byte >= 0x30 && byte <= 0x39) : byte == expected
        }
    }
}

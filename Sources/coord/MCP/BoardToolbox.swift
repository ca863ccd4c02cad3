import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord mcp`'s default profile: the CLI's commands as tools, and read-only
/// views of the board as resources. A tool call parses the same command line
/// the CLI would and runs the command in this process against a captured
/// context, so it refuses, fails and answers (`--json`) exactly as the command.
struct BoardToolbox: MCPToolbox {
    let environment: CoordEnvironment
    /// `-C DIR` given to `coord mcp`, passed to every command.
    let workspace: String?

    static let bulletinURI = "coord://bulletin/recent"
    static let locksURI = "coord://locks"
    static let decisionsURI = "coord://decisions"
    static let statusURI = "coord://status"
    static let workerPrefix = "coord://workers/"
    static let recentEntries = 50

    var instructions: String {
        """
        coord is the team's shared board: a bulletin, locks on paths, decisions (ADRs) and worker journals. \
        Read before acting (status, read), lock paths before changing them (lock; on a conflict work elsewhere or ask the holder), \
        post what you did (actions, not intentions), acknowledge decisions (decisions with unacked, then ack), \
        record progress on your worker (worker_update, worker_handoff, worker_done), \
        and take work from the task queue (tasks with ready, task_claim with next, task_done with the claim's fence; \
        an error with exit status 6 means nothing is ready, not a failure).
        """
    }

    var tools: [MCPTool] { BoardToolCatalog.all.map(\.tool) }

    func call(_ name: String, arguments: [String: JSONValue], as agent: AgentName) throws -> MCPToolResult {
        guard let tool = BoardToolCatalog.all.first(where: { $0.name == name }) else {
            throw JSONRPCError.invalidParams("Unknown tool: \(name)")
        }
        if let problem = ToolParameter.problem(with: arguments, tool.arguments.map(\.parameter)) {
            return MCPToolResult(structured: nil, text: problem, isError: true)
        }
        let run = run(tool.commandLine(arguments), as: agent)
        guard run.status == ExitStatus.success else {
            return MCPToolResult(structured: run.errorDocument(json: run.json(lines: tool.printsLines)), text: run.message, isError: true)
        }
        let structured = run.json(lines: tool.printsLines) ?? .object([:])
        return MCPToolResult(structured: structured, text: tool.summary(structured))
    }

    // MARK: Resources

    var resourceTemplates: [MCPResourceTemplate] {
        [
            MCPResourceTemplate(
                uriTemplate: Self.workerPrefix + "{domain}", name: "worker",
                description: "One worker's journal: its entity, state and every observation (coord worker show --json).")
        ]
    }

    func resources() throws -> [MCPResource] {
        var resources = [
            MCPResource(
                uri: Self.bulletinURI, name: "bulletin",
                description: "The latest \(Self.recentEntries) bulletin entries, oldest first (coord read --json)."),
            MCPResource(uri: Self.locksURI, name: "locks", description: "The live locks (coord locks --json)."),
            MCPResource(uri: Self.decisionsURI, name: "decisions", description: "Every decision (coord decisions --json)."),
            MCPResource(uri: Self.statusURI, name: "status", description: "The status summary (coord status --json)."),
        ]
        let workers = run(["workers", "--json"], as: nil)
        for worker in workers.json(lines: false)?["workers"]?.arrayValue ?? [] {
            guard let domain = worker["domain"]?.stringValue else { continue }
            resources.append(
                MCPResource(
                    uri: Self.workerPrefix + domain, name: "worker \(domain)",
                    description: "Worker \(domain)'s journal (coord worker show \(domain) --json)."))
        }
        return resources
    }

    func read(_ uri: String) throws -> MCPResourceContents? {
        let command: [String]
        var lines = false
        switch uri {
        case Self.bulletinURI: (command, lines) = (["read", "--json", "--limit=\(Self.recentEntries)"], true)
        case Self.locksURI: command = ["locks", "--json"]
        case Self.decisionsURI: command = ["decisions", "--json"]
        case Self.statusURI: command = ["status", "--json"]
        default:
            guard uri.hasPrefix(Self.workerPrefix), uri.count > Self.workerPrefix.count else { return nil }
            command = ["worker", "show", "--json", "--", String(uri.dropFirst(Self.workerPrefix.count))]
        }
        let run = run(command, as: nil)
        if run.status == ExitStatus.notFound { return nil }
        guard run.status == ExitStatus.success, let document = run.json(lines: lines) else {
            throw JSONRPCError(code: JSONRPCError.internalErrorCode, message: run.message)
        }
        return MCPResourceContents(uri: uri, text: document.jsonText())
    }

    // MARK: Running a command

    func run(_ commandLine: [String], as agent: AgentName?) -> CommandRun {
        var arguments = commandLine
        if let workspace { arguments.insert("--workspace=\(workspace)", at: commandLine.firstIndex(of: "--json").map { $0 + 1 } ?? 1) }
        if let agent, let index = arguments.firstIndex(of: "--json") { arguments.insert("--as=\(agent)", at: index + 1) }
        let context = CommandContext(environment: environment, input: [])
        var status = ExitStatus.success
        do {
            let parsed = try Coord.parseAsRoot(arguments)
            guard let command = parsed as? any BoardCommand else {
                return CommandRun(status: ExitStatus.failure, output: [], error: "coord: '\(commandLine[0])' cannot run here.\n")
            }
            try command.execute(in: context)
        } catch let error as CoordError {
            context.printError("coord: \(error.message)")
            status = error.exitStatus
        } catch let exit as ExitCode {
            status = exit.rawValue
        } catch {
            context.printError("coord: \(Coord.message(for: error))")
            status = Coord.exitCode(for: error).rawValue
        }
        return CommandRun(status: status, output: context.standardOutput, error: context.errorText)
    }
}

/// What one in-process command printed and how it ended.
struct CommandRun {
    var status: Int32
    var output: [UInt8]
    var error: String

    /// The `--json` output: one document, or one object per line gathered under `entries`.
    func json(lines: Bool) -> JSONValue? {
        if lines {
            let entries = output.split(separator: UInt8(ascii: "\n")).compactMap { try? BoardJSON.decode(JSONValue.self, from: $0) }
            return .object(["version": .integer(Int64(JSONView.version)), "entries": .array(entries)])
        }
        guard !output.isEmpty else { return nil }
        return try? BoardJSON.decode(JSONValue.self, from: output)
    }

    /// What the command said on standard error, without the `coord: ` prefixes.
    var message: String {
        let lines = error.split(separator: "\n").map { line in
            line.hasPrefix("coord: ") ? String(line.dropFirst("coord: ".count)) : String(line)
        }
        return lines.isEmpty ? "The command failed (exit status \(status))." : lines.joined(separator: " ")
    }

    /// A failed call's structured content: the command's own JSON when it
    /// printed some (a lock conflict does), with the error added.
    func errorDocument(json: JSONValue?) -> JSONValue {
        var fields = json?.objectValue ?? ["version": .integer(Int64(JSONView.version))]
        fields["error"] = .object(["message": .string(message), "exit_status": .integer(Int64(status)), "kind": .string(kind)])
        return .object(fields)
    }

    var kind: String {
        switch status {
        case ExitStatus.conflict: return "conflict"
        case ExitStatus.refused: return "refused"
        case ExitStatus.notFound: return "not_found"
        case ExitStatus.usage: return "usage"
        default: return "failure"
        }
    }
}

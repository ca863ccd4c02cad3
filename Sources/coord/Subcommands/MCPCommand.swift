import ArgumentParser
import CoordStorage
import CoordinationKit

struct MCPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve the board to MCP clients (agents) on standard input and output.",
        discussion: """
            Speaks the Model Context Protocol: JSON-RPC 2.0, one message per line, on
            stdin/stdout; logs go to stderr. Revisions 2024-11-05 to 2025-11-25 (through
            'initialize') and 2026-07-28 (per-request, 'server/discover').

            The board profile (default) has one tool per command (post, read, lock,
            unlock, renew, locks, check, decide, decisions, ack, worker_update,
            worker_handoff, worker_done, status) and resources coord://bulletin/recent,
            coord://locks, coord://decisions, coord://status and coord://workers/DOMAIN.
            The memory profile serves the MCP memory server's tools (create_entities,
            read_graph, ...) from the board's journals, without losing writes.

            The agent is --as NAME, else $COORD_AGENT, else the client's name, else $USER.
            See docs/mcp.md for client configurations.

            Examples (in a client's configuration):
              "command": "coord", "args": ["mcp"]
              "command": "coord", "args": ["mcp", "--profile", "memory", "-C", "/path/to/repo"]
            """
    )

    enum Profile: String, ExpressibleByArgument, CaseIterable {
        case board, memory
    }

    @Option(
        help: ArgumentHelp(
            "Which tools to serve: board (coord's commands) or memory (the MCP memory server's tools).",
            valueName: "PROFILE"))
    var profile: Profile = .board

    @OptionGroup var board: BoardOptions

    func run() throws {
        ProcessIO.ignoreBrokenPipes()  // a client that hangs up ends the loop with EPIPE, not a signal
        ProcessIO.holdTerminationSignals()  // SIGINT/SIGTERM end the loop between messages
        do {
            let status = try serve(try CommandContext.process())
            if status != 0 { throw ExitCode(status) }
        } catch let error as CoordError {
            ProcessIO.write(Array("coord: \(error.message)\n".utf8), to: ProcessIO.standardError)
            throw ExitCode(error.exitStatus)
        }
    }

    func serve(_ context: CommandContext) throws -> Int32 {
        let environment = context.environment
        let configured =
            try board.agent.map { try AgentName($0) }
            ?? environment.lookup("COORD_AGENT").flatMap { $0.isEmpty ? nil : try AgentName($0) }
        let fallback = try AgentName.resolve(explicit: nil, environment: { $0 == "COORD_AGENT" ? nil : environment.lookup($0) })
        let identity = MCPIdentity(configured: configured, fallback: fallback)
        let toolbox: any MCPToolbox
        switch profile {
        case .board:
            toolbox = BoardToolbox(environment: environment, workspace: board.workspace)
        case .memory:
            toolbox = MemoryGraphToolbox(workspace: try context.workspace(board))
        }
        let server = MCPServer(toolbox: toolbox, identity: identity, serverVersion: CoordVersion.current)
        switch MCPStdioTransport().serve({ server.respond(to: $0) }) {
        case .endOfInput, .signal: return 0
        case .outputClosed: return 1
        }
    }
}

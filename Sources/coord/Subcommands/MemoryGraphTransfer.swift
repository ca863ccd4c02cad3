import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord import --memory-graph FILE` and `coord export --memory-graph FILE`: the MCP
/// memory server's JSONL knowledge graph. "Worker Session: DOMAIN" entities become
/// workers; every other entity and relation is kept in .coordination/memory-graph.jsonl
/// so that export gives them back.
enum MemoryGraphTransfer {
    static func importGraph(_ file: String, board: BoardOptions, json: Bool, context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let bytes: [UInt8]
        if file == "-" {
            guard let input = context.readInput(limit: MemoryGraphFile.maximumBytes) else {
                throw CoordError.invalidInput("Standard input is larger than the memory graph limit; pass a file instead.")
            }
            bytes = input
        } else {
            bytes = try MemoryGraphFile.read(file, currentDirectory: context.environment.currentDirectory)
        }
        let report = try MemoryGraphInterchange(workspace).importGraph(bytes, source: file == "-" ? "standard input" : file, as: agent)
        if json { return try context.printJSON(report) }
        context.print(report.text)
        if let skipped = report.skippedText { context.printError(skipped) }
    }

    /// The graph itself on standard output for `-`; otherwise the file, and what was written (as JSON with `json`).
    static func exportGraph(_ file: String, board: BoardOptions, json: Bool, context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let graph = try MemoryGraphInterchange(workspace).exportGraph()
        let bytes = try graph.encoded()
        if file == "-" { return context.emit(bytes) }
        try MemoryGraphFile.write(bytes, to: file, currentDirectory: context.environment.currentDirectory)
        let report = MemoryGraphExportReport(file: file, graph: graph)
        if json { try context.printJSON(report) } else { context.print(report.text) }
    }
}

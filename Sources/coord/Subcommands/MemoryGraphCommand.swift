import ArgumentParser
import CoordinationKit

/// `coord memory-graph import|export`: the MCP memory server's JSONL knowledge graph.
struct MemoryGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory-graph",
        abstract: "Move workers between the MCP memory server's knowledge graph and the board.",
        discussion: """
            Teams running the Meta-Observer pattern on the MCP memory server can move to coord
            and back. "Worker Session: DOMAIN" entities become workers; every other entity
            and every relation is kept in .coordination/memory-graph.jsonl so that export
            gives them back. Relations spelled with from_entity/to_entity are read too.

            Examples:
              coord memory-graph import ~/.mcp/memory.jsonl
              coord memory-graph export memory.jsonl
            """,
        subcommands: [MemoryGraphImportCommand.self, MemoryGraphExportCommand.self]
    )
}

struct MemoryGraphImportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read an MCP memory graph (JSONL) into the board.",
        discussion: """
            Each observation of a "Worker Session: DOMAIN" entity becomes one record on that
            worker (created when missing, numbered after the others); "Completed:",
            "Discoveries:", "Blockers:", "Context: 35%", "Status: COMPLETE" and the other
            fields of the pattern set its state. Observations the worker already has are
            skipped, so importing twice changes nothing. Lines that are neither an entity nor
            a relation are skipped and reported (the import still succeeds).

            Examples:
              coord memory-graph import memory.jsonl
              coord memory-graph import - < memory.jsonl
            """
    )

    @Argument(help: ArgumentHelp("The memory server's JSONL file, or - for standard input.", valueName: "file"),
              completion: .file())
    var file: String

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
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
        if output.json { return try context.printJSON(report) }
        let workers = report.workersCreated.count + report.workersUpdated.count
        context.print("Imported \(report.observations) observation(s) on \(workers) worker(s)"
            + " (\(report.workersCreated.count) new), \(report.entities) other entit\(report.entities == 1 ? "y" : "ies")"
            + " and \(report.relations) relation(s).")
        if report.duplicates > 0 { context.print("Skipped \(report.duplicates) observation(s) the workers already had.") }
        if !report.skipped.isEmpty {
            context.printError("coord: skipped \(report.skipped.count) bad line(s) in \(report.source):")
            for line in report.skipped { context.printError("  line \(line.line): \(line.reason)") }
        }
    }
}

struct MemoryGraphExportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the board's workers as an MCP memory graph (JSONL).",
        discussion: """
            Writes one "Worker Session: DOMAIN" entity per worker, whose observations are the
            pattern's strings ("Completed: …", "Context: 35%", "Status: COMPLETE", …; imported
            observations come back verbatim), then the entities and relations kept by import.
            The file is replaced atomically.

            Examples:
              coord memory-graph export memory.jsonl
              coord memory-graph export - | jq -c 'select(.type == "relation")'
            """
    )

    @Argument(help: ArgumentHelp("Where to write, or - for standard output.", valueName: "file"), completion: .file())
    var file: String

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let graph = try MemoryGraphInterchange(workspace).exportGraph()
        let bytes = try graph.encoded()
        if file == "-" { return context.emit(bytes) }
        try MemoryGraphFile.write(bytes, to: file, currentDirectory: context.environment.currentDirectory)
        let workers = graph.entities.filter { $0.name.hasPrefix(WorkerDomain.entityPrefix) }.count
        context.print("Wrote \(graph.entities.count) entities (\(workers) workers) and \(graph.relations.count) relations to \(file).")
    }
}

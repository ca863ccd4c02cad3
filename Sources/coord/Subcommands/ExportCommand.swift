import ArgumentParser
import CoordStorage
import CoordinationKit

struct ExportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write DECISIONS.json and LOCKS.json in the seed's shapes, or an MCP memory graph.",
        discussion: """
            For tools that only read those files. DECISIONS.json holds every decision
            (as 'coord decisions --json' prints them); LOCKS.json the locks that have not
            expired. Each file is replaced atomically; DIR is created when missing.
            'coord import' reads the result back.

            With --memory-graph FILE it writes the board's workers as the MCP memory
            server's JSONL knowledge graph instead (FILE may be - for standard output):
            one "Worker Session: DOMAIN" entity per worker, then the entities and
            relations kept by 'coord import --memory-graph'.

            Examples:
              coord export .coordination
              coord export --memory-graph memory.jsonl
            """
    )

    @Argument(help: ArgumentHelp("The folder to write into.", valueName: "DIR"), completion: .directory)
    var folder: String?

    @Option(name: .customLong("memory-graph"),
            help: ArgumentHelp("Write an MCP memory-graph JSONL file (or - for standard output) instead of a folder.",
                               valueName: "FILE"),
            completion: .file())
    var memoryGraph: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (folder == nil) == (memoryGraph == nil) {
            throw ValidationError("Name either a folder to write into or --memory-graph FILE, not both and not neither.")
        }
    }

    func execute(in context: CommandContext) throws {
        guard let folder else {
            return try MemoryGraphTransfer.exportGraph(memoryGraph ?? "-", board: board, json: output.json, context: context)
        }
        let workspace = try context.workspace(board)
        let target = try SeedFolder.create(folder, currentDirectory: context.environment.currentDirectory)
        let report = try SeedExport(workspace).run(target)
        if output.json { return try context.printJSON(report) }
        context.print(report.text)
    }
}

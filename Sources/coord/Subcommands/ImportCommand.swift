import ArgumentParser
import CoordStorage
import CoordinationKit

struct ImportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt a hand-made seed-format folder, or an MCP memory graph.",
        discussion: """
            Reads the three files as the seed format writes them (any may be missing) and
            brings them onto this board without losing a field:
              DECISIONS.json  into decisions.jsonl, keeping every field and the ids
                              that are free; propagated_to names become acks.
              LOCKS.json      granted in locks.jsonl with new fencing tokens (a lock
                              overlapping another holder's live lock is refused)
                              and kept as it came in import/locks.jsonl; a lock
                              without "expires" gets the default 2h from "since".
              BULLETIN.md     left as it is; its entries are copied into this
                              board's bulletin when that has none yet, else the
                              missing newer ones.
            Running it again imports nothing twice. A file that cannot be read changes
            nothing.

            With --memory-graph FILE it reads the MCP memory server's JSONL knowledge
            graph instead (FILE may be - for standard input): each "Worker Session:
            DOMAIN" entity becomes a worker and its observations set the worker's state;
            other entities and relations are kept so that 'coord export --memory-graph'
            gives them back. Observations already on the board are skipped, so importing
            twice changes nothing; lines that are neither an entity nor a relation are
            reported.

            Examples:
              coord init && coord import .coordination   # adopt a hand-made folder
              coord import --memory-graph ~/.mcp/memory.jsonl
            """
    )

    @Argument(help: ArgumentHelp("The folder holding the seed-format files (or a workspace with them in .coordination/).",
                                 valueName: "DIR"),
              completion: .directory)
    var folder: String?

    @Option(name: .customLong("memory-graph"),
            help: ArgumentHelp("Import this MCP memory-graph JSONL file (or - for standard input) instead of a folder.",
                               valueName: "FILE"),
            completion: .file())
    var memoryGraph: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if (folder == nil) == (memoryGraph == nil) {
            throw ValidationError("Name either a seed-format folder or --memory-graph FILE, not both and not neither.")
        }
    }

    func execute(in context: CommandContext) throws {
        guard let folder else {
            return try MemoryGraphTransfer.importGraph(memoryGraph ?? "-", board: board, json: output.json, context: context)
        }
        let workspace = try context.workspace(board)
        let seed = try SeedFolder.open(folder, currentDirectory: context.environment.currentDirectory)
        let report = try SeedImport(workspace).run(seed, as: try context.agent(board))
        if output.json { return try context.printJSON(report) }
        context.print(report.text(zone: workspace.timeZone))
    }
}

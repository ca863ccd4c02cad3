import ArgumentParser
import CoordinationKit

struct ExportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write DECISIONS.json and LOCKS.json in the seed's shapes.",
        discussion: """
            For tools that only read those files. DECISIONS.json holds every decision
            (as 'coord decisions --json' prints them); LOCKS.json the locks that have not
            expired. Each file is replaced atomically; DIR is created when missing.
            'coord import' reads the result back.

            Example:
              coord export .coordination
            """
    )

    @Argument(help: ArgumentHelp("The folder to write into.", valueName: "DIR"), completion: .directory)
    var folder: String

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let target = try SeedFolder.create(folder, currentDirectory: context.environment.currentDirectory)
        let report = try SeedExport(workspace).run(target)
        if output.json { return try context.printJSON(report) }
        let decisions = report.decisions == 1 ? "1 decision" : "\(report.decisions) decisions"
        let locks = report.locks == 1 ? "1 lock" : "\(report.locks) locks"
        context.print("Wrote \(report.folder)/DECISIONS.json (\(decisions)) and \(report.folder)/LOCKS.json (\(locks)).")
    }
}

import ArgumentParser
import CoordinationKit

struct ImportCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Adopt a hand-made BULLETIN.md, LOCKS.json and DECISIONS.json.",
        discussion: """
            Reads the three files as the seed format writes them (any may be missing) and
            brings them onto this board without losing a field:
              DECISIONS.json  into decisions.jsonl, keeping every field and the ids
                              that are free; propagated_to names become acks.
              LOCKS.json      into the staging journal import/locks.jsonl; a lock
                              without "expires" gets the default 2h from "since".
              BULLETIN.md     left as it is; its entries are copied into this
                              board's bulletin when that has none yet, else the
                              missing newer ones.
            Running it again imports nothing twice. A file that cannot be read changes nothing.

            Example (a folder made by hand, adopted in place):
              coord init && coord import .coordination
            """
    )

    @Argument(help: ArgumentHelp("The folder holding the seed-format files (or a workspace with them in .coordination/).",
                                 valueName: "DIR"),
              completion: .directory)
    var folder: String

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let seed = try SeedFolder.open(folder, currentDirectory: context.environment.currentDirectory)
        let report = try SeedImport(workspace).run(seed, as: try context.agent(board))
        if output.json { return try context.printJSON(report) }
        context.print("Imported from \(report.folder):")
        if report.files.contains("DECISIONS.json") { describeDecisions(report.decisions, context: context) }
        if report.files.contains("LOCKS.json") { describeLocks(report, context: context) }
        if report.files.contains("BULLETIN.md") { describeBulletin(report.bulletin, context: context) }
        if !report.changedBoard { context.print("Nothing new: everything was already on this board.") }
    }

    private func describeDecisions(_ part: ImportReport.DecisionsPart, context: CommandContext) {
        var line = "  decisions: \(part.imported.count) new"
        if !part.imported.isEmpty { line += " (" + part.imported.map(\.id).joined(separator: ", ") + ")" }
        line += ", \(part.alreadyPresent.count) already here, \(part.acknowledgements) acknowledgements recorded"
        context.print(line)
        for decision in part.imported {
            if let original = decision.originalID { context.print("    \(original) was given the id \(decision.id)") }
        }
    }

    private func describeLocks(_ report: ImportReport, context: CommandContext) {
        let part = report.locks
        context.print("  locks:     \(part.imported) new, \(part.alreadyPresent) already here; recorded in \(report.locksJournal)")
        for lock in part.defaultTTL {
            context.print("    \(lock.path) (\(lock.holder)) had no expiry: given the default 2h TTL from its since, so it expires \(lock.expires)")
        }
        if part.expired > 0 { context.print("    \(part.expired) of the imported locks had already expired") }
    }

    private func describeBulletin(_ part: ImportReport.BulletinPart, context: CommandContext) {
        context.print("  bulletin:  \(part.copied) entries copied, \(part.alreadyPresent) already here")
        if part.leftOut > 0 {
            context.print("    \(part.leftOut) entries older than this board's newest were left out, to keep the bulletin in time order")
        }
        if part.skippedInvalid > 0 { context.print("    \(part.skippedInvalid) lines were not entries and were skipped") }
    }
}

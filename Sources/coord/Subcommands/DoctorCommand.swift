import ArgumentParser
import CoordStorage
import CoordinationKit

struct DoctorCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the board: skipped lines, unsafe files, unsafe filesystems.",
        discussion: """
            Lists every line readers skip (torn, garbage or hand-mangled) with its file
            and line number, links planted in the board, and filesystems (NFS, 9p, FUSE,
            virtiofs) where appends and flock are not safe across machines. Exits 0 when
            nothing was found and 1 otherwise. Skipped lines are never removed: fix or
            delete them by hand if you want them gone.

            Examples:
              coord doctor
              coord doctor --json | jq -r '.findings[].message'
            """
    )

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let report = try Doctor(workspace).run()
        if output.json { try context.printJSON(report) } else { context.print(report.text) }
        if !report.healthy { throw ExitCode(ExitStatus.failure) }
    }
}

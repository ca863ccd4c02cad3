import ArgumentParser
import CoordStorage
import CoordinationKit

extension Coord {}

struct InitCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create .coordination/ in this folder (safe to run again).",
        discussion: """
            Creates the board: board.json (format version and time zone), BULLETIN.md,
            and a .gitattributes that union-merges only the bulletin and worker logs.
            Running it again creates only what is missing and changes nothing else.

            Example:
              coord init --timezone Europe/Berlin
            """
    )

    @Option(name: [.customShort("C"), .customLong("workspace")],
            help: ArgumentHelp("Create the board in DIR instead of the current folder.", valueName: "DIR"),
            completion: .directory)
    var workspace: String?

    /// `coord -C DIR init`, as in git.
    @ParentCommand var root: Coord

    @Option(help: ArgumentHelp("The time zone bulletin times are written in: an IANA name, UTC or +HH:MM (default: this machine's).",
                               valueName: "ZONE"))
    var timezone: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let timezone, BoardTimeZone(identifier: timezone) == nil {
            throw ValidationError("'\(timezone)' is not a time zone on this machine; use a name such as Europe/Berlin, UTC or +02:00.")
        }
    }

    func execute(in context: CommandContext) throws {
        let zone = timezone.flatMap(BoardTimeZone.init(identifier:))
        let (_, report) = try Workspace.initialize(root: workspace ?? root.workspace ?? ".", timeZone: zone, environment: context.environment)
        if output.json { return try context.printJSON(report) }
        context.print(report.text)
    }
}

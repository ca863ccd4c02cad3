import ArgumentParser
import CoordStorage
import CoordinationKit

/// Options every board command takes: where the board is and who is acting.
struct BoardOptions: ParsableArguments {
    @Option(name: [.customShort("C"), .customLong("workspace")],
            help: ArgumentHelp("Use the board in DIR (a workspace root or a board folder) instead of searching up from here.",
                               valueName: "DIR"),
            completion: .directory)
    var workspace: String?

    @Option(name: .customLong("as"),
            help: ArgumentHelp("Act as NAME (default: $COORD_AGENT, else $USER).", valueName: "NAME"))
    var agent: String?
}

/// `--json` for every read command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON with sorted keys (a stable, versioned shape) instead of text.")
    var json = false
}

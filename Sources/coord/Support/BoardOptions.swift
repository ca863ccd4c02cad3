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
            help: ArgumentHelp("Act as NAME (default: $COORD_AGENT, else $USER).", valueName: "NAME"),
            completion: LiveCompletion.agents)
    var agent: String?

    /// `coord -C DIR …`: the root's `-C`, given before the subcommand as in git.
    @ParentCommand var root: Coord

    /// `-C DIR` after the subcommand, else before it.
    var workspaceFolder: String? { workspace ?? root.workspace }
}

/// `--at TIME` for every read command: view the board as it was at a moment.
struct MomentOptions: ParsableArguments {
    @Option(name: .customLong("at"),
            help: ArgumentHelp("View the board as it was at TIME: 2026-11-20T18:05, 2026-11-20 (its end) or 3h (ago).",
                               valueName: "TIME"))
    var at: String?
}

/// `--json` for every read command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON with sorted keys (a stable, versioned shape) instead of text.")
    var json = false
}

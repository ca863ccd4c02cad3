import ArgumentParser

/// `coord decision …`: commands about one decision.
struct DecisionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decision",
        abstract: "Look at one architecture decision.",
        discussion: """
            Example:
              coord decision show ADR-003 --format md > docs/adr/ADR-003.md
            """,
        subcommands: [DecisionShowCommand.self]
    )
}

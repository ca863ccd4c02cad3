import ArgumentParser
import CoordStorage
import CoordinationKit

struct DecisionShowCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one decision in full, with its history.",
        discussion: """
            Prints every field, who acknowledged it, and its history: who decided,
            approved, rejected or superseded it, and when. --format md prints a readable
            ADR (Context, Decision, Rationale, History); --json prints the same document
            as 'coord decisions --json' with this one decision.

            Examples:
              coord decision show ADR-003
              coord decision show 3 --format md
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, md
    }

    @Argument(help: ArgumentHelp("The decision.", valueName: "ADR-NNN"), completion: LiveCompletion.decisions())
    var id: String

    @Option(help: ArgumentHelp("text (default) or md.", valueName: "FORMAT"))
    var format: Format = .text

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let decision = try Decisions(workspace).show(id)
        if output.json { return try context.printJSON(DecisionDocument([decision])) }
        switch format {
        case .text: context.print(DecisionText.full(decision, zone: workspace.timeZone, style: context.textStyle))
        case .md: context.print(DecisionText.markdown(decision, zone: workspace.timeZone))
        }
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct AckCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Record that you have taken decisions in.",
        discussion: """
            Adds the acting agent to each decision's propagated_to list, so it no longer
            shows in that agent's 'coord decisions --unacked'. Acknowledging twice changes
            nothing. If any id is unknown, nothing is recorded (exit 5).

            Example, before architecture work:
              coord decisions --unacked
              coord ack ADR-003 ADR-004
            """
    )

    @Argument(help: ArgumentHelp("The decisions you have read.", valueName: "ADR-NNN"),
              completion: LiveCompletion.decisions([.accepted, .proposed]))
    var ids: [String]

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("Name the decisions you have read, for example: coord ack ADR-003.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let result = try Decisions(workspace).acknowledge(ids, as: try context.agent(board))
        if output.json { return try context.printJSON(AckDocument(result)) }
        if let text = DecisionText.acknowledged(result) { context.print(text) }
    }
}

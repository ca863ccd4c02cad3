import ArgumentParser
import CoordStorage
import CoordinationKit

struct ApproveCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: "Accept a proposed decision.",
        discussion: """
            Moves a proposed decision to accepted, recording who approved it and when. The
            decisions it names in --supersedes become superseded now. Only a proposed
            decision can be approved (exit 4 otherwise); an unknown id exits 5.

            Example:
              coord approve ADR-004 --as alice
            """
    )

    @Argument(help: ArgumentHelp("The proposed decision.", valueName: "ADR-NNN"), completion: LiveCompletion.decisions([.proposed]))
    var id: String

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let decision = try Decisions(workspace).approve(id, as: try context.agent(board), key: try idempotency.value)
        if output.json { return try context.printJSON(DecisionDocument([decision])) }
        context.print(DecisionText.approved(decision))
    }
}

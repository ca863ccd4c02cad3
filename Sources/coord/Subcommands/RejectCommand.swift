import ArgumentParser
import CoordStorage
import CoordinationKit

struct RejectCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject",
        abstract: "Turn down a proposed decision, saying why.",
        discussion: """
            Moves a proposed decision to rejected, recording who rejected it, when and
            why. Decisions are never deleted: the rejected one stays in the history. Only
            a proposed decision can be rejected (exit 4 otherwise); to replace an accepted
            one, decide again with --supersedes.

            Example:
              coord reject ADR-004 --reason "NATS is one more server to run"
            """
    )

    @Argument(help: ArgumentHelp("The proposed decision.", valueName: "ADR-NNN"), completion: LiveCompletion.decisions([.proposed]))
    var id: String

    @Option(help: ArgumentHelp("Why it is turned down.", valueName: "TEXT"))
    var reason: String

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let decision = try Decisions(workspace).reject(id, reason: reason, as: try context.agent(board),
                                                                key: try idempotency.value)
        if output.json { return try context.printJSON(DecisionDocument([decision])) }
        context.print(DecisionText.rejected(decision))
    }
}

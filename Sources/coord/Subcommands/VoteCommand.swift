import ArgumentParser
import CoordStorage
import CoordinationKit

struct VoteCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Vote yes or no on a proposal opened for a vote.",
        discussion: """
            Records the acting agent's vote on a decision proposed with --quorum N.
            One vote per agent: voting again replaces your earlier vote, and both
            stay in the history ("changed from yes to no"). The vote closes once N
            different agents have voted: accepted when more voted yes than no,
            rejected otherwise (a tie rejects). The deciding vote records the outcome
            with the tally in the same write, so exactly one outcome is recorded
            however many agents vote at once.

            Refused (exit 4): a decision not opened for a vote, a vote that has
            closed, an agent not among --voters. An unknown id exits 5.

            Examples:
              coord vote ADR-007 yes --as bob
              coord vote ADR-007 no --reason "a second moving part" --as carol
              coord decision show ADR-007        (the tally and who voted what)
            """
    )

    @Argument(help: ArgumentHelp("The proposal being voted on.", valueName: "ADR-NNN"),
              completion: LiveCompletion.decisions([.proposed]))
    var id: String

    @Argument(help: ArgumentHelp("yes or no.", valueName: "yes|no"))
    var choice: String

    @Option(help: ArgumentHelp("Why you vote so; shown with the tally.", valueName: "TEXT"))
    var reason: String?

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if VoteChoice(rawValue: choice.lowercased()) == nil {
            throw ValidationError("'\(choice)' is not a vote; use yes or no, for example: coord vote \(id) yes.")
        }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let vote = VoteChoice(rawValue: choice.lowercased()) ?? .no
        let result = try Decisions(workspace).vote(id, vote, reason: reason, as: try context.agent(board),
                                                   key: try idempotency.value)
        if output.json { return try context.printJSON(VoteDocument(result)) }
        context.print(DecisionText.voted(result))
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct DecideCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Record an architecture decision under the next ADR id.",
        discussion: """
            Appends the decision to .coordination/decisions.jsonl under the next id
            (ADR-001, ADR-002, …), taken inside the board lock so two agents deciding
            at once never share one. The acting agent is its source. It is accepted,
            or proposed with --proposed (then 'coord approve' or 'coord reject'
            settle it). --supersedes marks an accepted decision as replaced (once
            this one is accepted), and both records name each other. One bulletin
            line announces it.

            --proposed --quorum N opens the proposal for a vote ('coord vote'): it
            closes once N different agents have voted, accepted when more voted yes
            than no, rejected otherwise (a tie rejects). --voters A,B,C limits who may
            vote (N at most their number); without it any agent may.

            Check what is already decided first: coord decisions --unacked.

            Examples:
              coord decide "FalkorDB + CQRS write pattern" \\
                --context "v2 graph database selection" \\
                --rationale "Single writer fits a Redis queue" --tag storage
              coord decide "Move the queue to NATS" --supersedes ADR-001 --proposed \\
                --context "Redis queue outgrown" --rationale "Per-subject ordering"
              coord decide "Adopt OpenTelemetry" --proposed --quorum 2 \\
                --voters alice,bob,carol --context "No tracing" --rationale "Standard"
            """
    )

    @Argument(help: ArgumentHelp("The decision, in one line.", valueName: "decision"))
    var decision: String

    @Option(help: ArgumentHelp("What prompted it: the problem or question.", valueName: "TEXT"))
    var context: String

    @Option(help: ArgumentHelp("Why this choice over the alternatives.", valueName: "TEXT"))
    var rationale: String

    @Option(help: ArgumentHelp("An accepted decision this one replaces (repeat for several).", valueName: "ADR-NNN"),
            completion: LiveCompletion.decisions([.accepted]))
    var supersedes: [String] = []

    @Flag(help: "Record it as proposed, waiting for 'coord approve' or 'coord reject'.")
    var proposed = false

    @Option(help: ArgumentHelp("With --proposed: open a vote that closes once N agents have voted (N ≥ 1).",
                               valueName: "N"))
    var quorum: Int?

    @Option(help: ArgumentHelp("With --quorum: the only agents who may vote (comma-separated or repeated).",
                               valueName: "A,B,C"))
    var voters: [String] = []

    @Option(name: .customLong("tag"), help: ArgumentHelp("A tag to find it by (repeat, or separate with commas).", valueName: "TAG"))
    var tags: [String] = []

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if quorum != nil && !proposed {
            throw ValidationError("--quorum opens a vote on a proposal; add --proposed.")
        }
        if !voters.isEmpty && quorum == nil {
            throw ValidationError("--voters needs --quorum N, the number of votes that closes the vote.")
        }
        if let quorum, quorum < 1 { throw ValidationError("--quorum must be 1 or more, for example --quorum 2.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let draft = DecisionDraft(decision: decision, context: self.context, rationale: rationale,
                                  supersedes: supersedes, proposed: proposed, tags: tags, key: try idempotency.value,
                                  quorum: quorum, voters: voters)
        let recorded = try Decisions(workspace).decide(draft, as: agent)
        if output.json { return try context.printJSON(DecisionDocument([recorded])) }
        context.print(DecisionText.decided(recorded))
    }
}

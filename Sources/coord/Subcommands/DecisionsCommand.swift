import ArgumentParser
import CoordStorage
import CoordinationKit

struct DecisionsCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "List architecture decisions, oldest first.",
        discussion: """
            Run 'coord decisions --unacked' before architecture work: it lists the active
            (accepted or proposed) decisions you have neither made nor acknowledged.
            Read them, then 'coord ack' them.

            --json prints the seed's DECISIONS.json shape, {"decisions":[…],"v":1}, with
            status, supersedes, superseded_by, tags and history added.

            Examples:
              coord decisions --unacked
              coord decisions --search redis --status active
              coord decisions --since 1d --json
            """
    )

    @Flag(help: "Only active decisions the acting agent has not acknowledged.")
    var unacked = false

    @Option(help: ArgumentHelp("Only decisions whose context, decision, rationale or tags contain TEXT (ignoring case).",
                               valueName: "TEXT"))
    var search: String?

    @Option(help: ArgumentHelp("Only decisions in this state: active, proposed, accepted, rejected or superseded.",
                               valueName: "STATUS"))
    var status: String?

    @Option(help: ArgumentHelp("Only decisions made, or whose status changed, at or after WHEN: 90m, 2h, 1d, a date or an ISO date-time.",
                               valueName: "WHEN"))
    var since: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let status, DecisionQuery.StatusFilter(rawValue: status.lowercased()) == nil {
            throw ValidationError("'\(status)' is not a status; use active, proposed, accepted, rejected or superseded.")
        }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        var query = DecisionQuery(search: search, status: status.flatMap { DecisionQuery.StatusFilter(rawValue: $0.lowercased()) })
        if let since { query.since = try DurationText.since(since, now: workspace.clock.now(), zone: workspace.timeZone) }
        if unacked { query.unackedBy = try context.agent(board).rawValue }
        let (decisions, conflicts) = try Decisions(workspace).listing(query)
        for conflict in conflicts { context.printError("coord: warning: \(conflict)") }
        if output.json { return try context.printJSON(DecisionDocument(decisions)) }
        context.print(DecisionText.listing(decisions, unacked: unacked, style: context.textStyle))
    }
}

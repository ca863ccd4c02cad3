import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord trailer`: the commit trailer that ties a commit to the agent making it.
struct TrailerCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "trailer",
        abstract: "Print the Coord-Agent commit trailer for the acting agent.",
        discussion: """
            Prints one line, `Coord-Agent: NAME`, for the agent coord acts as
            ($COORD_AGENT, --as, else $USER). `coord synthesize` attributes a commit
            that carries it to that agent (or its worker), ahead of the author's
            name or the files it changed. A commit hook adds it, for example in
            .git/hooks/prepare-commit-msg:

              git interpret-trailers --in-place --if-exists doNothing \\
                --trailer "$(coord trailer)" "$1"

            Examples:
              coord trailer
              git commit -m "Add the NATS writer (ADR-004)" --trailer "$(coord trailer)"
            """
    )

    @Option(name: .customLong("as"),
            help: ArgumentHelp("Name NAME instead of the acting agent ($COORD_AGENT, else $USER).", valueName: "NAME"))
    var agent: String?

    func execute(in context: CommandContext) throws {
        let name = try AgentName.resolve(explicit: agent, environment: context.environment.lookup)
        context.print(GitHistory.trailer(for: name))
    }
}

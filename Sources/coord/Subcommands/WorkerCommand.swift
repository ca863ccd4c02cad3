import ArgumentParser

/// `coord worker …`: what one autonomous worker records about itself.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Record a worker's progress, handoffs and final report; show its timeline.",
        discussion: """
            Each worker has an entity, "Worker Session: DOMAIN", with an append-only list
            of observations in .coordination/workers/DOMAIN.jsonl. 'coord launch' and
            'coord brief' create workers; the worker's agent then records on it. Without a
            DOMAIN, the commands act on the worker whose agent name is $COORD_AGENT.

            Examples:
              coord worker update --completed "JWT signing" --context 30
              coord worker update --blocker "need the users table"
              coord worker handoff --to frontend-ui --artifacts docs/api.md \\
                --note "endpoints ready"
              coord worker done --report "auth endpoints merged (PR #12)"
              coord worker show backend-api
            """,
        subcommands: [
            WorkerUpdateCommand.self,
            WorkerHandoffCommand.self,
            WorkerDoneCommand.self,
            WorkerShowCommand.self,
        ]
    )
}

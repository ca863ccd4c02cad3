import ArgumentParser

/// `coord task …`: the shared work queue.
struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Add, claim and finish tasks of the shared queue (dependencies, priorities, leases).",
        discussion: """
            Tasks live in .coordination/tasks.jsonl. A task is ready when it is open, every
            task it comes after is done, and nobody holds a claim on it. Claims are leases:
            they expire after --ttl (default 2h) plus 30s of grace unless renewed, and carry
            a fencing token from the same sequence as lock tokens. Exactly one of any number
            of racing claimers wins; the others exit 3 and are told who holds the task.
            'task claim --next' exits 6 when nothing is ready (1 means the board is damaged).

            Examples:
              coord task add "write the parser" --priority 1 --paths src/parser/
              coord task add "wire the parser in" --after T-001
              coord task claim --next --lock
              coord task done T-001 --note "merged in #12" --fence 7
              coord task show T-002
            """,
        subcommands: [
            TaskAddCommand.self,
            TaskClaimCommand.self,
            TaskRenewCommand.self,
            TaskDoneCommand.self,
            TaskReleaseCommand.self,
            TaskBlockCommand.self,
            TaskUnblockCommand.self,
            TaskCancelCommand.self,
            TaskLinkCommand.self,
            TaskUnlinkCommand.self,
            TaskShowCommand.self,
        ]
    )
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct WorkerUpdateCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Record what a worker did in its last phase.",
        discussion: """
            Appends one observation to the worker's journal and posts one line to the
            bulletin. Every flag may repeat; give only what applies. --blocker sets the
            status to blocked until an update with --unblocked clears the open blockers.

            Examples:
              coord worker update --completed "JWT signing" \\
                --discovery "bcrypt cost 12 takes 250 ms" \\
                --impact "login endpoint unblocked" --next "refresh tokens" \\
                --context 35 --files src/auth/jwt.swift,src/auth/keys.swift \\
                --commits 3f2a9c1
              coord worker update --blocker "waiting for the users table"
              coord worker update --unblocked --note "schema landed"
              coord worker update backend-api --note "see ADR-004"   # another's
            """
    )

    @Argument(help: ArgumentHelp("The worker's domain (default: the worker whose agent is $COORD_AGENT).", valueName: "domain"),
              completion: LiveCompletion.workerDomains)
    var domain: String?

    @Option(help: ArgumentHelp("Something finished in this phase.", valueName: "TEXT"))
    var completed: [String] = []

    @Option(name: .customLong("discovery"), help: ArgumentHelp("Something learned that others could use.", valueName: "TEXT"))
    var discoveries: [String] = []

    @Option(help: ArgumentHelp("How this phase moves the goal.", valueName: "TEXT"))
    var impact: [String] = []

    @Option(name: .customLong("blocker"), help: ArgumentHelp("Something in the way: the worker is blocked until --unblocked.", valueName: "TEXT"))
    var blockers: [String] = []

    @Flag(help: "Clear every open blocker.")
    var unblocked = false

    @Option(help: ArgumentHelp("Context usage, in percent (35 or 35%).", valueName: "PCT"))
    var context: String?

    @Option(help: ArgumentHelp("What comes next.", valueName: "TEXT"))
    var next: [String] = []

    @Option(help: ArgumentHelp("Files touched, comma-separated.", valueName: "A,B"))
    var files: [String] = []

    @Option(help: ArgumentHelp("Commits made, comma-separated.", valueName: "C"))
    var commits: [String] = []

    @Option(name: .customLong("note"), help: ArgumentHelp("Free text.", valueName: "TEXT"))
    var notes: [String] = []

    @Flag(help: "Record on a worker that is already complete.")
    var reopen = false

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let context, WorkerObservation.percentage(context) == nil {
            throw ValidationError("--context takes a percentage such as 35 or 35%, not '\(context)'.")
        }
    }

    func execute(in context: CommandContext) throws {
        var observation = WorkerObservation()
        observation.completed = completed
        observation.discoveries = discoveries
        observation.impact = impact
        observation.blockers = blockers
        observation.unblocked = unblocked
        observation.context = self.context.flatMap(WorkerObservation.percentage)
        observation.next = next
        observation.files = WorkerObservation.splitList(files)
        observation.commits = WorkerObservation.splitList(commits)
        observation.notes = notes
        observation.reopen = reopen
        try observation.validate()
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let workers = Workers(workspace)
        let domain = try workers.resolve(domain, for: agent)
        let record = try workers.update(domain, observation, as: agent, key: try idempotency.value)
        try context.printRecorded(domain, record, json: output.json)
    }
}

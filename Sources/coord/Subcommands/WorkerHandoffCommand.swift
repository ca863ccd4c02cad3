import ArgumentParser
import CoordStorage
import CoordinationKit

struct WorkerHandoffCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "handoff",
        abstract: "Hand work on to another worker.",
        discussion: """
            Records the handoff on both workers: the sender's status becomes handed-off,
            and the receiver's timeline ('coord worker show RECEIVER') shows what it
            received. Posts one line to the bulletin.

            Examples:
              coord worker handoff --to frontend-ui \\
                --artifacts docs/api.md,openapi.yaml \\
                --note "login and refresh endpoints are live on staging"
              coord worker handoff research --to implementation \\
                --note "option B; see docs/research.md"
            """
    )

    @Argument(help: ArgumentHelp("The sending worker's domain (default: the worker whose agent is $COORD_AGENT).", valueName: "domain"),
              completion: LiveCompletion.workerDomains)
    var domain: String?

    @Option(help: ArgumentHelp("The receiving worker's domain.", valueName: "DOMAIN"), completion: LiveCompletion.workerDomains)
    var to: String

    @Option(help: ArgumentHelp("What is handed over (files, documents, branches), comma-separated; may repeat.", valueName: "A,B"))
    var artifacts: [String] = []

    @Option(help: ArgumentHelp("What the receiver needs to know.", valueName: "TEXT"))
    var note: String?

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if artifacts.isEmpty && note == nil {
            throw ValidationError("Say what is handed over: pass --artifacts, --note, or both.")
        }
    }

    func execute(in context: CommandContext) throws {
        let receiver = try WorkerDomain(to)
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let workers = Workers(workspace)
        let sender = try workers.resolve(domain, for: agent)
        let records = try workers.handoff(from: sender, to: receiver, artifacts: WorkerObservation.splitList(artifacts),
                                          note: note, as: agent, key: try idempotency.value)
        try context.printRecorded(sender, records.sent, json: output.json)
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct BriefCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "brief",
        abstract: "Add one worker mid-stream: its entity and its brief.",
        discussion: """
            Creates the worker entity "Worker Session: DOMAIN" and writes its brief to
            .agents/briefs/worker-N-DOMAIN.md, numbered after the existing workers unless
            --number is given. The goal defaults to the board's (set by 'coord launch').
            Refuses to overwrite an existing brief or entity unless --force. When flags
            are missing and standard input is a terminal, coord asks for them; otherwise
            it names them and exits 64.

            Examples:
              coord brief --domain monitoring --goal "Metrics and alerting for auth"
              coord brief --domain docs --number 7
            """
    )

    @Option(help: ArgumentHelp("The new worker's domain.", valueName: "DOMAIN"))
    var domain: String?

    @Option(help: ArgumentHelp("The worker's goal (default: the board's goal).", valueName: "TEXT"))
    var goal: String?

    @Option(help: ArgumentHelp("The worker's number (default: the next free one).", valueName: "N"))
    var number: Int?

    @Flag(help: "Replace this domain's existing brief and entity instead of refusing.")
    var force = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let number, number < 1 { throw ValidationError("--number takes a positive number, not \(number).") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        var chosenDomain = try domain.map { try WorkerDomain($0) }
        var goalText = try goal ?? BoardGoal.current(in: workspace)?.goal
        if chosenDomain == nil || goalText == nil {
            guard context.inputIsTerminal else {
                let names = [chosenDomain == nil ? "--domain" : nil, goalText == nil ? "--goal" : nil].compactMap { $0 }
                throw CoordError.invalidInput(
                    "Missing \(names.joined(separator: " and ")); pass \(names.count == 1 ? "it" : "them"), for example: coord brief --domain monitoring --goal \"Metrics and alerting\".")
            }
            let prompts = PromptReader(context)
            if chosenDomain == nil {
                guard let answer = prompts.ask("Domain: ", { try WorkerDomain($0) }) else { throw cancelled() }
                chosenDomain = answer
            }
            if goalText == nil {
                guard let answer = prompts.ask("Goal: ", LaunchCommand.parseGoal) else { throw cancelled() }
                goalText = answer
            }
        }
        guard let chosenDomain, let goalText else { throw cancelled() }
        let agent = try context.agent(board)
        let launcher = Launcher(workspace, renderer: BriefRenderer.locate(environment: context.environment.lookup))
        let report = try launcher.addWorker(chosenDomain, goal: goalText, number: number, force: force, as: agent)
        if output.json { return try context.printJSON(report) }
        LaunchOutput.print(report, context: context)
    }

    private func cancelled() -> CoordError {
        CoordError.invalidInput("Standard input ended before every question was answered; no worker was added.")
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit
import CoordinationTemplates

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

            Briefs come from .coordination/templates/worker-brief.mustache when the board has
            it, else from the built-in template; --print-template prints a built-in template
            (worker-brief or observer-brief) as a starting point for an override.

            Examples:
              coord brief --domain monitoring --goal "Metrics and alerting for auth"
              coord brief --domain docs --number 7
              coord brief --print-template worker-brief > worker-brief.mustache
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

    @Option(name: .customLong("print-template"),
            help: ArgumentHelp("Print the built-in template NAME (worker-brief or observer-brief) and exit.", valueName: "NAME"))
    var printTemplate: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let number, number < 1 { throw ValidationError("--number takes a positive number, not \(number).") }
        if let printTemplate {
            if BriefTemplateName(rawValue: printTemplate) == nil {
                throw ValidationError("'\(printTemplate)' is not a template; use worker-brief or observer-brief.")
            }
            if domain != nil || goal != nil || number != nil || force || output.json {
                throw ValidationError("--print-template only prints the template; give it no other options.")
            }
        }
    }

    func execute(in context: CommandContext) throws {
        if let name = printTemplate.flatMap(BriefTemplateName.init(rawValue:)) {
            return context.print(BuiltInTemplates.text(of: name))
        }
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
        let launcher = Launcher(workspace, renderer: .mustache)
        let report = try launcher.addWorker(chosenDomain, goal: goalText, number: number, force: force, as: agent)
        if output.json { return try context.printJSON(report) }
        context.print(report.text)
    }

    private func cancelled() -> CoordError {
        CoordError.invalidInput("Standard input ended before every question was answered; no worker was added.")
    }
}

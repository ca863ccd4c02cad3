import ArgumentParser
import CoordStorage
import CoordinationKit
import CoordinationTemplates

struct LaunchCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Set up N autonomous workers and a meta-observer for one goal.",
        discussion: """
            Creates one worker entity per domain ("Worker Session: DOMAIN"), writes a
            brief for each worker to .agents/briefs/worker-N-DOMAIN.md and one for the
            observer to .agents/briefs/meta-observer-TIMESTAMP.md (under the workspace
            root), records the goal in .coordination/goal.json and posts one bulletin
            line. Then it prints, for each worker, the agent name to export and the brief
            to hand over.

            Everything is checked before anything is written: a bad or repeated domain, or
            a brief or entity that already exists (unless --force), leaves no trace.
            Briefs are rendered from .coordination/templates/*.mustache when present, else
            from the built-in templates (print one with 'coord brief --print-template NAME').
            When flags are missing and standard input is a terminal, coord asks for them;
            otherwise it names them and exits 64.

            Examples:
              coord launch --workers 3 --domains backend-api,frontend-ui,infrastructure \\
                --goal "Implement authentication feature"
              coord launch --domains research,implementation,validation \\
                --goal "New feature" --observer-dir ~/observer --force
              coord launch --domains api,ui --goal "Search" --tasks tasks.txt
            """
    )

    @Option(help: ArgumentHelp("How many workers (default: the number of domains).", valueName: "N"))
    var workers: Int?

    @Option(help: ArgumentHelp("One domain per worker, comma-separated.", valueName: "A,B,C"))
    var domains: String?

    @Option(help: ArgumentHelp("What the team is for.", valueName: "TEXT"))
    var goal: String?

    @Option(name: .customLong("observer-dir"),
            help: ArgumentHelp("Where the observer session runs (default: the workspace root).", valueName: "DIR"),
            completion: .directory)
    var observerDirectory: String?

    @Flag(help: "Replace existing briefs and entities of these domains instead of refusing.")
    var force = false

    @Option(help: ArgumentHelp("Seed the task queue from this file: one task title per line, or JSON Lines with the fields of 'task add'.",
                               valueName: "FILE"))
    var tasks: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers takes a positive number, not \(workers).") }
        if let workers, let domains {
            let count = domains.split(separator: ",", omittingEmptySubsequences: false).count
            if count != workers {
                throw ValidationError("--workers says \(workers) but --domains names \(count); give one domain per worker.")
            }
        }
    }

    func execute(in context: CommandContext) throws {
        var domainList = try domains.map(WorkerDomain.list)
        var goalText = goal
        var observerText = observerDirectory
        if domainList == nil || goalText == nil {
            guard context.inputIsTerminal else { throw missingFlags(domains: domainList == nil, goal: goalText == nil) }
            let prompts = PromptReader(context)
            if domainList == nil {
                guard let count = workers ?? prompts.ask("Number of workers: ", Self.parseCount) else { throw cancelled() }
                var chosen: [WorkerDomain] = []
                for number in 1 ... count {
                    guard let domain = prompts.ask("Domain for worker \(number): ", { text in
                        try WorkerDomain.validated(chosen.map(\.rawValue) + [text]).last!
                    }) else { throw cancelled() }
                    chosen.append(domain)
                }
                domainList = chosen
            }
            if goalText == nil {
                guard let text = prompts.ask("Overall goal: ", Self.parseGoal) else { throw cancelled() }
                goalText = text
            }
            if observerText == nil {
                let here = context.environment.currentDirectory
                guard let text = prompts.ask("Observer location [workspace root]: ", { text in
                    text.isEmpty ? text : try Launcher.observerDirectory(text, from: here)
                }) else { throw cancelled() }
                observerText = text.isEmpty ? nil : text
            }
        }
        guard let domainList, let goalText else { throw missingFlags(domains: true, goal: true) }

        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let observer = try observerText.map { try Launcher.observerDirectory($0, from: context.environment.currentDirectory) }
        // The task list is read and checked before anything is written.
        let seed = try tasks.map { try TaskSeed.read($0, currentDirectory: context.environment.currentDirectory) }
        if let seed { try Tasks(workspace).check(seed, as: agent) }
        let launcher = Launcher(workspace, renderer: .mustache)
        let report = try launcher.launch(
            LaunchRequest(domains: domainList, goal: goalText, observerDirectory: observer, force: force), as: agent)
        let seeded = try seed.map { try Tasks(workspace).seed($0, as: agent) } ?? []
        if output.json { return try context.printJSON(report) }
        context.print(report.text)
        if let seededText = LaunchReport.seededText(seeded) { context.print(seededText) }
    }

    static func parseCount(_ text: String) throws -> Int {
        guard let count = Int(text), count >= 1, count <= 100 else {
            throw CoordError.invalidInput("'\(text)' is not a number of workers; answer with a number from 1 to 100.")
        }
        return count
    }

    static func parseGoal(_ text: String) throws -> String {
        try Launcher.validateGoal(text)
        return text
    }

    private func missingFlags(domains: Bool, goal: Bool) -> CoordError {
        let names = [domains ? "--domains" : nil, goal ? "--goal" : nil].compactMap { $0 }
        return CoordError.invalidInput(
            "Missing \(names.joined(separator: " and ")); pass \(names.count == 1 ? "it" : "them"), for example: coord launch --workers 3 --domains backend-api,frontend-ui,infrastructure --goal \"Implement authentication feature\".")
    }

    private func cancelled() -> CoordError {
        CoordError.invalidInput("Standard input ended before every question was answered; nothing was launched.")
    }
}

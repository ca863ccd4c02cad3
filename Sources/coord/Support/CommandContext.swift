import ArgumentParser
import CoordStorage
import CoordinationKit

/// What a command runs against: the environment, the clock and the output
/// streams. `coord` passes the real process; command tests pass their own and
/// read back what was printed.
final class CommandContext {
    let environment: CoordEnvironment
    private(set) var standardOutput: [UInt8] = []
    private(set) var standardError: [UInt8] = []
    /// When set, output goes straight to the process's descriptors.
    let isProcess: Bool
    /// Standard input, for `coord post -`; nil reads the process's.
    let input: [UInt8]?
    let inputIsTerminal: Bool
    let useColour: Bool

    init(environment: CoordEnvironment, input: [UInt8]? = nil, isProcess: Bool = false, inputIsTerminal: Bool = false,
         useColour: Bool = false) {
        self.environment = environment
        self.input = input
        self.isProcess = isProcess
        self.inputIsTerminal = inputIsTerminal
        self.useColour = useColour
    }

    /// The real process: its environment (checked), descriptors and terminal.
    static func process() throws -> CommandContext {
        let environment = try CoordEnvironment.process()
        let colour = environment.lookup("NO_COLOR").map(\.isEmpty) ?? true
            && ProcessIO.isTerminal(ProcessIO.standardOutput)
            && environment.lookup("TERM") != "dumb"
        return CommandContext(environment: environment, isProcess: true,
                              inputIsTerminal: ProcessIO.isTerminal(ProcessIO.standardInput), useColour: colour)
    }

    // MARK: Output

    func print(_ text: String) { emit(Array((text + "\n").utf8)) }

    func emit(_ bytes: [UInt8]) {
        if isProcess { ProcessIO.write(bytes, to: ProcessIO.standardOutput) } else { standardOutput += bytes }
    }

    func printError(_ text: String) {
        let bytes = Array((text + "\n").utf8)
        if isProcess { ProcessIO.write(bytes, to: ProcessIO.standardError) } else { standardError += bytes }
    }

    /// Writes `text` to standard error without a newline: a question before reading an answer.
    func prompt(_ text: String) {
        let bytes = Array(text.utf8)
        if isProcess { ProcessIO.write(bytes, to: ProcessIO.standardError) } else { standardError += bytes }
    }

    /// A `--json` document: `JSONView` adds `version`.
    func printJSON<T: Encodable>(_ value: T) throws { emit(try JSONView.document(value)) }

    /// One `--json` document per line, for streams.
    func printJSONLine<T: Encodable>(_ value: T) throws { emit(try JSONView.line(value) + [UInt8(ascii: "\n")]) }

    var outputText: String { String(decoding: standardOutput, as: UTF8.self) }
    var errorText: String { String(decoding: standardError, as: UTF8.self) }

    /// ANSI styling, only on a terminal and without NO_COLOR.
    var textStyle: TextStyle { TextStyle(colour: useColour) }

    func style(_ text: String, _ code: String) -> String { textStyle.apply(text, code) }

    // MARK: Input

    func readInput(limit: Int) -> [UInt8]? {
        if let input { return input.count > limit ? nil : input }
        return ProcessIO.readStandardInput(limit: limit)
    }

    // MARK: The board

    func workspace(_ options: BoardOptions) throws -> Workspace { try workspace(options.choice) }

    func agent(_ options: BoardOptions) throws -> AgentName { try agent(options.choice) }

    func workspace(_ choice: BoardChoice) throws -> Workspace {
        let workspace = try Workspace.discover(explicit: choice.workspace, environment: environment)
        actingWorkspace = workspace
        return workspace
    }

    /// The board for a read command, viewed at `--at` when given.
    func workspace(_ options: BoardOptions, at moment: MomentOptions) throws -> Workspace {
        try workspace(options.choice, at: moment.at)
    }

    /// The board for a read command, viewed at `at` (a `--at` value) when given.
    func workspace(_ choice: BoardChoice, at text: String?) throws -> Workspace {
        let workspace = try workspace(choice)
        guard let text else { return workspace }
        return workspace.viewed(at: try BoardMoment.parse(text, now: workspace.clock.now(), zone: workspace.timeZone))
    }

    func agent(_ choice: BoardChoice) throws -> AgentName {
        let agent = try AgentName.resolve(explicit: choice.agent, environment: environment.lookup)
        actingAgent = agent
        return agent
    }

    /// Who the command acts as and on which board, once it has asked: after a
    /// command that wrote to that board, `CommandRunner` refreshes the agent's last-seen.
    private(set) var actingAgent: AgentName?
    private(set) var actingWorkspace: Workspace?

    /// Moves the acting agent's last-seen to now when the command wrote to its
    /// board (took the board lock). Read commands never take it, so never write here.
    func refreshLastSeen(after writes: BoardWrites) {
        guard !writes.all.isEmpty, let agent = actingAgent, let workspace = actingWorkspace, workspace.viewMoment == nil else { return }
        if let problem = LastSeen(workspace).touch(agent) { CommandWarnings.current?.add(problem) }
    }
}

/// A subcommand that runs against a `CommandContext`. Its `run()` turns a
/// `CoordError` into one sentence on stderr and the documented exit status.
protocol BoardCommand: ParsableCommand {
    func execute(in context: CommandContext) throws
}

extension BoardCommand {
    func run() throws { try CommandRunner.run(execute(in:)) }
}

/// The one way a board command meets the process, whether argument-parser or
/// the hot path parsed it: arguments that are valid UTF-8, the process's
/// context (and every check of the environment that comes with it), warnings
/// about secondary writes on stderr, then a `CoordError` as one sentence on
/// stderr and its documented exit status.
enum CommandRunner {
    static func run(_ body: (CommandContext) throws -> Void) throws {
        let warnings = CommandWarnings()
        defer {
            for note in warnings.notes {
                ProcessIO.write(Array("coord: note: \(note)\n".utf8), to: ProcessIO.standardError)
            }
            for warning in warnings.all {
                ProcessIO.write(Array("coord: warning: \(warning)\n".utf8), to: ProcessIO.standardError)
            }
        }
        do {
            if let problem = ArgumentBytes.problem() { throw problem }
            let context = try CommandContext.process()
            let writes = BoardWrites()
            try CommandWarnings.$current.withValue(warnings) {
                // A refused write (exit 3, 4) was still a sign of life: refresh on every ending.
                defer { context.refreshLastSeen(after: writes) }
                try BoardWrites.$current.withValue(writes) { try body(context) }
            }
        } catch let error as CoordError {
            ProcessIO.write(Array("coord: \(error.message)\n".utf8), to: ProcessIO.standardError)
            throw ExitCode(error.exitStatus)
        }
    }
}

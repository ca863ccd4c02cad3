import ArgumentParser
import CoordStorage
import CoordinationKit

struct HookPreEditCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-edit",
        abstract: "Answer a coding agent's pre-tool-use hook: deny an edit of a file another agent holds.",
        discussion: """
            Reads the hook event as JSON on standard input (tool_name and tool_input.file_path,
            or notebook_path for NotebookEdit). For Edit, Write, MultiEdit and NotebookEdit on a
            file held by another agent, prints {"hookSpecificOutput":{"hookEventName":"PreToolUse",
            "permissionDecision":"deny","permissionDecisionReason":"…"}}: the reason names the
            holder, the intent, the expiry and how to ask. A free file, your own lock and every
            other tool print nothing. Input that cannot be read, or a damaged board, allows the
            edit and warns on standard error: the hook never stops work by failing. Always
            exits 0. 'coord config set hooks.pre-edit ask|warn' softens the refusal.
            """
    )

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        guard let input = context.readInput(limit: 16 << 20) else {
            return context.printError("coord: warning: the hook event is larger than 16 MiB; allowing the edit.")
        }
        let event: PreEditEvent
        do {
            event = try PreEditEvent.parse(input)
        } catch {
            return context.printError("coord: warning: \(error.reason); allowing the edit.")
        }
        guard event.filePath != nil else { return }
        let answer: PreEditHook.Answer
        do {
            let workspace = try context.workspace(board)
            let hook = PreEditHook(workspace, settings: try BoardSettings.load(workspace))
            answer = try hook.answer(event, for: try context.agent(board), directory: context.environment.currentDirectory)
        } catch let error as CoordError where error.kind == .notAWorkspace {
            return  // no board here: nothing to guard
        } catch let error as CoordError {
            return context.printError("coord: warning: \(error.message) Allowing the edit.")
        }
        if case .warn(let reason) = answer { context.printError("coord: warning: \(reason)") }
        if let output = try PreEditHook.output(answer) { context.emit(output) }
    }
}

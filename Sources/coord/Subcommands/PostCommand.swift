import ArgumentParser
import CoordStorage
import CoordinationKit

struct PostCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Append one entry to the bulletin.",
        discussion: """
            Writes "- [HH:MM] agent: message" to .coordination/BULLETIN.md in one atomic
            append, adding the "## YYYY-MM-DD" heading when the day changes. Any text is
            kept on one line: newlines and control characters are escaped, and read back
            exactly by 'coord read'. Log actions, not intentions.

            The agent is --as NAME, else $COORD_AGENT, else $USER. A message is at most
            4,000 bytes once escaped; put longer detail in a file and post its path.
            A message that starts with "-" goes after "--".

            Examples:
              coord post "finished auth refactor; tests green"
              coord post --as nightly "backup done (412 MB)"
              git log -1 --format=%s | coord post -
              coord post -- "-5 flaky tests"
            """
    )

    @Argument(help: ArgumentHelp("The message; several words are joined with spaces. Use - to read it from standard input.",
                                 valueName: "message"))
    var words: [String]

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if words.isEmpty { throw ValidationError("Say what happened, for example: coord post \"tests pass on main\".") }
    }

    func execute(in context: CommandContext) throws {
        let message = try readMessage(context)
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let entry = try Bulletin(workspace).post(message, as: agent)
        if output.json {
            try context.printJSONLine(BulletinEntryView(entry, zone: workspace.timeZone))
        }
    }

    private func readMessage(_ context: CommandContext) throws -> String {
        guard words == ["-"] else { return words.joined(separator: " ") }
        guard let bytes = context.readInput(limit: 64 * 1024) else {
            throw CoordError.invalidInput("Standard input is longer than 64 KiB; post a summary and put the detail in a file.")
        }
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw CoordError.invalidUTF8("Standard input")
        }
        // A trailing newline from `echo` or a here-string is not part of the message.
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

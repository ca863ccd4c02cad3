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

            --lines posts one entry per line of standard input (a cron job's log, an
            import), all under one lock and with the same escaping and checks as a single
            post. When any line is refused, the error names its line number and nothing
            from the batch is written.

            "@agent" in a message also delivers the post to that agent's inbox (coord inbox),
            linking back to the entry, when the board has seen the agent; --no-mentions, or
            the setting bulletin.mentions off, turns that off.

            Examples:
              coord post "finished auth refactor; tests green"
              coord post --as nightly "backup done (412 MB)"
              git log -1 --format=%s | coord post -
              coord post -- "-5 flaky tests"
              grep FAIL nightly.log | coord post --lines --as nightly
            """
    )

    @Argument(help: ArgumentHelp("The message; several words are joined with spaces. Use - to read it from standard input.",
                                 valueName: "message"))
    var words: [String] = []

    @Flag(help: "Post one entry per line of standard input, all under one lock (all of them or none).")
    var lines = false

    @Flag(name: .customLong("no-mentions"), help: "Do not deliver this post to the inboxes of the @agents it names.")
    var noMentions = false

    @OptionGroup var idempotency: KeyOptions
    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if lines {
            if !words.isEmpty { throw ValidationError("--lines reads every entry from standard input; give no message words.") }
            return
        }
        if words.isEmpty { throw ValidationError("Say what happened, for example: coord post \"tests pass on main\".") }
    }

    var invocation: PostInvocation { PostInvocation(words: words, lines: lines, board: board.choice, json: output.json, key: idempotency.key,
                                                mentions: !noMentions) }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

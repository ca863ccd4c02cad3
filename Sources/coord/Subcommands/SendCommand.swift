import ArgumentParser
import CoordStorage
import CoordinationKit

struct SendCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a direct message to one or more agents' inboxes.",
        discussion: """
            Appends the message to each recipient's inbox (.coordination/inbox/AGENT.jsonl)
            and prints one id per recipient (M-7). Ids are numbers handed out under the
            board lock, so they never repeat. The last argument is the message; every
            argument before it names a recipient. The text is escaped and checked as a
            bulletin post is (at most 4,000 bytes once escaped).

            On a board with a remote, ids are decided on the remote, so they never repeat
            across hosts either: a send that needs a new id exits 7 when the remote cannot
            be reached, and nothing is sent. The message reaches other hosts with
            'coord sync'.

            A recipient the board has never seen (no post, worker, lock or message) draws
            a warning naming near matches; so does one whose worker is complete or silent.
            The message is delivered anyway and the exit status is 0.

            --key K folds repeats: while the first message with key K to a recipient is
            unread, sending it again raises its count (x2, x3, ...) instead of adding a
            message. --expires DUR: after that long it no longer counts as unread (it
            stays in the history). --urgent marks it for the recipient and the observer.

            Examples:
              coord send backend "your refresh endpoint returns 500"
              coord send frontend backend "the API is live" --subject "API v2"
              coord send backend "disk at 91%" --key disk-alert --expires 1h --urgent
              coord send frontend "fixed in #41" --reply-to M-7
            """
    )

    @Argument(help: ArgumentHelp("The recipients, then the message (- reads it from standard input).",
                                 valueName: "agent… message"),
              completion: LiveCompletion.agents)
    var words: [String] = []

    @Option(help: ArgumentHelp("A short subject line.", valueName: "TEXT"))
    var subject: String?

    @Option(name: .customLong("reply-to"), help: ArgumentHelp("The message this one answers.", valueName: "M-ID"))
    var replyTo: String?

    @Option(name: .customLong("key"),
            help: ArgumentHelp("Fold repeats: while the message with this KEY is unread, a repeat raises its count instead.",
                               valueName: "KEY"))
    var key: String?

    @Option(help: ArgumentHelp("Stop counting as unread after this long: 30m, 2h, 1d.", valueName: "DUR"))
    var expires: String?

    @Flag(help: "Mark the message urgent.")
    var urgent = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if words.count < 2 {
            throw ValidationError("Name at least one recipient and the message, for example: coord send backend \"the API is live\".")
        }
        if let expires, (DurationText.seconds(in: expires) ?? 0) <= 0 {
            throw ValidationError("'\(expires)' is not a duration; use 30m, 2h or 1d.")
        }
        if let key {
            do { _ = try IdempotencyKey(key) } catch let error as CoordError { throw ValidationError(error.message) }
        }
    }

    var invocation: SendInvocation {
        SendInvocation(words: words, subject: subject, replyTo: replyTo, key: key, expires: expires, urgent: urgent,
                       board: board.choice, json: output.json)
    }

    func execute(in context: CommandContext) throws { try invocation.execute(in: context) }
}

extension SendCommand: HotPathCommand { var hotInvocation: HotInvocation { .send(invocation) } }

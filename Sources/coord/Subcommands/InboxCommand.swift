import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord inbox …`: read your messages and record receipts.
struct InboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: "List your direct messages, and record that you read (ack) or acted on (done) them.",
        discussion: """
            Listing never marks anything read: reading is an explicit receipt, as with
            'coord ack' for decisions. A receipt is a line in your inbox journal.

            Examples:
              coord inbox                      open messages (not done, not expired)
              coord inbox --unread --from backend
              coord inbox --new                what arrived since your last --new
              coord inbox ack M-7 M-9          read
              coord inbox done M-7 --note "fixed in #41"
            """,
        subcommands: [InboxListCommand.self, InboxAckCommand.self, InboxDoneCommand.self],
        defaultSubcommand: InboxListCommand.self
    )
}

struct InboxListCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the messages in your inbox (the default).",
        discussion: """
            Without options: every message not yet done, except unread ones that expired.
            --unread: not read, not done, not expired. --all: the whole history.
            --new: the messages that arrived since your previous --new. Its cursor
            (.coordination/inbox/cursors/AGENT.json) moves only after the messages are
            printed, so a crash in between shows them again; nothing is marked read.

            Exit status: 0, also when the inbox is empty.
            """
    )

    @Flag(help: "Only messages not yet read (and not expired).")
    var unread = false

    @Flag(help: "Every message, done and expired ones too.")
    var all = false

    @Flag(name: .customLong("new"), help: "Only what arrived since your previous --new (moves your cursor after printing).")
    var new = false

    @Option(help: ArgumentHelp("Only messages from this agent.", valueName: "AGENT"), completion: LiveCompletion.agents)
    var from: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if [unread, all, new].filter({ $0 }).count > 1 { throw ValidationError("Use one of --unread, --all and --new.") }
        if new && moment.at != nil { throw ValidationError("--new moves your cursor; it cannot view a past moment (--at).") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let agent = try context.agent(board)
        let messages = Messages(workspace)
        if new {
            var batch = try messages.newMessages(for: agent)
            if let from { batch.listing.messages.removeAll { $0.message.actor != from } }
            try show(batch.listing, workspace: workspace, context: context, empty: "Nothing new.")
            InboxPause.afterPrinting(context)
            try messages.advanceCursor(past: batch, for: agent)
            return
        }
        let scope: InboxQuery.Scope = unread ? .unread : all ? .all : .open
        let listing = try messages.inbox(of: agent, InboxQuery(scope: scope, from: from))
        try show(listing, workspace: workspace, context: context, empty: unread ? "No unread messages." : "No messages.")
    }

    private func show(_ listing: InboxListing, workspace: Workspace, context: CommandContext, empty: String) throws {
        if output.json { return try context.printJSON(InboxDocument(listing)) }
        context.print(MessageText.listing(listing, zone: workspace.timeZone, style: context.textStyle, emptyNote: empty))
    }
}

/// A test-only hook: with `COORD_TEST_PAUSE_AFTER_PRINT=FIFO`, `coord inbox --new` opens
/// that FIFO for reading after printing and before moving its cursor, and waits for it to
/// be closed. A test uses it to kill the process exactly between the two. Not for users.
enum InboxPause {
    static func afterPrinting(_ context: CommandContext) {
        guard let path = context.environment.lookup("COORD_TEST_PAUSE_AFTER_PRINT"), !path.isEmpty else { return }
        ProcessIO.waitForClose(ofFIFO: path)
    }
}

struct InboxAckCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Record that you have read messages.",
        discussion: """
            Writes one read receipt to your inbox. Marking a message read twice changes
            nothing. If any id is not in your inbox, nothing is recorded (exit 5).

            Example:
              coord inbox ack M-7 M-9
            """
    )

    @Argument(help: ArgumentHelp("The messages you have read.", valueName: "M-ID"))
    var ids: [String] = []

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("Name the messages you have read, for example: coord inbox ack M-7.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let result = try Messages(workspace).acknowledge(ids, as: try context.agent(board))
        if output.json { return try context.printJSON(ReceiptDocument(result)) }
        if let text = MessageText.receipt(result, verb: "read") { context.print(text) }
    }
}

struct InboxDoneCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Record that you have acted on messages (this reads them too).",
        discussion: """
            Writes one done receipt to your inbox; done messages leave the default
            listing and the sender's 'coord sent'. If any id is not in your inbox,
            nothing is recorded (exit 5).

            Example:
              coord inbox done M-7 --note "fixed in #41"
            """
    )

    @Argument(help: ArgumentHelp("The messages you have acted on.", valueName: "M-ID"))
    var ids: [String] = []

    @Option(help: ArgumentHelp("What you did, for the sender.", valueName: "TEXT"))
    var note: String?

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("Name the messages you have acted on, for example: coord inbox done M-7.") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let result = try Messages(workspace).markDone(ids, note: note, as: try context.agent(board))
        if output.json { return try context.printJSON(ReceiptDocument(result)) }
        if let text = MessageText.receipt(result, verb: "done") { context.print(text) }
    }
}

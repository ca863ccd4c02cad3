import CoordStorage
import CoordinationKit

/// A parsed `coord send`: what argument-parser's `SendCommand` and the hot path both produce.
struct SendInvocation: Equatable {
    /// Every positional: the recipients, then the message (`-` reads it from standard input).
    var words: [String]
    var subject: String? = nil
    var replyTo: String? = nil
    var key: String? = nil
    var expires: String? = nil
    var urgent = false
    var board = BoardChoice()
    var json = false

    func execute(in context: CommandContext) throws {
        guard words.count >= 2 else { throw CoordError.invalidInput("Name at least one recipient and the message, for example: coord send backend \"the API is live\".") }
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        var text = words[words.count - 1]
        if text == "-" { text = try readMessage(context) }
        let draft = MessageDraft(recipients: Array(words.dropLast()), text: text, subject: subject, replyTo: replyTo,
                                 key: try key.map(IdempotencyKey.init), expiresAfter: expires.flatMap(DurationText.seconds(in:)),
                                 urgent: urgent)
        let deliveries = try Messages(workspace).send(draft, as: agent)
        if json { return try context.printJSON(SendDocument(deliveries)) }
        context.print(MessageText.sent(deliveries))
    }

    private func readMessage(_ context: CommandContext) throws -> String {
        guard let bytes = context.readInput(limit: 64 * 1024) else {
            throw CoordError.invalidInput("Standard input is longer than 64 KiB; send a summary and put the detail in a file.")
        }
        guard var text = String(validating: bytes, as: UTF8.self) else { throw CoordError.invalidUTF8("Standard input") }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}

import CoordStorage
import CoordinationKit

/// A parsed `coord post`: what argument-parser's `PostCommand` and the hot path both produce.
struct PostInvocation: Equatable {
    var words: [String]
    /// `--lines`: one entry per line of standard input.
    var lines = false
    var board = BoardChoice()
    var json = false
    /// `--key` (argument-parser only: the hot path declines it).
    var key: String? = nil
    /// `@agent` delivers to that agent's inbox (`--no-mentions` turns it off).
    var mentions = true

    /// The most standard input `--lines` takes in one batch.
    static let batchLimit = 256 * 1024 * 1024

    func execute(in context: CommandContext) throws {
        let messages = lines ? try readLines(context) : [try readMessage(context)]
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let entries = try Bulletin(workspace).post(messages, as: agent, numberingLines: lines,
                                                   key: try key.map(IdempotencyKey.init))
        // Only a post with an '@' pays for looking for mentions.
        if mentions, messages.contains(where: { $0.utf8.contains(UInt8(ascii: "@")) }) {
            Messages(workspace).deliverMentions(entries, as: agent) {
                (try? BoardSettings.load(workspace))?.mentionsOn ?? true
            }
        }
        if json {
            for entry in entries { try context.printJSONLine(BulletinEntryView(entry, zone: workspace.timeZone)) }
        }
    }

    private func readMessage(_ context: CommandContext) throws -> String {
        guard words.count == 1, words[0] == "-" else {
            // Joined by hand: `joined(separator:)` casts dynamically, a runtime
            // conformance lookup that costs a hot post about a sixth of its time.
            var message = ""
            for (position, word) in words.enumerated() {
                if position > 0 { message += " " }
                message += word
            }
            return message
        }
        guard let bytes = context.readInput(limit: 64 * 1024) else {
            throw CoordError.invalidInput("Standard input is longer than 64 KiB; post a summary and put the detail in a file.")
        }
        var text = try Self.text(bytes)
        // A trailing newline from `echo` or a here-string is not part of the message.
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    private func readLines(_ context: CommandContext) throws -> [String] {
        guard let bytes = context.readInput(limit: Self.batchLimit) else {
            throw CoordError.invalidInput("Standard input is longer than 256 MiB; split it and post each part with --lines.")
        }
        // Split bytes, not Characters: "\r\n" is one Character. A line may end in
        // "\n" or "\r\n", and the newline ending the last line starts no other.
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        if lines.isEmpty {
            throw CoordError.invalidInput("Standard input has no lines; pipe one entry per line into coord post --lines.")
        }
        // Each line is validated as it is decoded: no UTF-8 sequence contains a
        // "\n" or "\r" byte, so the input is valid exactly when every line is,
        // and the whole input is never copied into one String first.
        return try lines.map { line in try Self.text(line.last == UInt8(ascii: "\r") ? line.dropLast() : line) }
    }

    private static func text(_ bytes: some Collection<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CoordError.invalidUTF8("Standard input")
        }
        return text
    }
}

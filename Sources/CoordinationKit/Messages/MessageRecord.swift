import CoordStorage

/// Where a mention came from: the bulletin entry that named the recipient.
public struct MentionLink: Codable, Sendable, Equatable {
    /// The entry's day and time, in the board's time zone (`2026-11-20`, `09:45`).
    public var date: String
    public var time: String
    /// Where the entry's line starts in `BULLETIN.md`.
    public var offset: Int64

    public init(date: String, time: String, offset: Int64) {
        self.date = date
        self.time = time
        self.offset = offset
    }
}

/// One line of `.coordination/inbox/<agent>.jsonl`: the recipient's inbox.
///
///     {"actor":"backend","at":"2026-11-20T09:45:00.000Z","event":"message","id":"M-7","subject":"refresh",
///      "text":"your refresh endpoint returns 500","to":"frontend","urgent":true,"v":1}
///     {"actor":"backend","at":"…","event":"repeated","id":"M-7","v":1}
///     {"actor":"frontend","at":"…","event":"read","ids":["M-7"],"v":1}
///     {"actor":"frontend","at":"…","event":"done","ids":["M-7"],"note":"fixed in #41","v":1}
///
/// A message is written once, to the inbox of each recipient, with its own id
/// (`M-` and a number handed out under the board lock, and on a board with a
/// remote decided there, so ids never repeat; see `Messages.takeNumbers`).
/// Receipts are written by the recipient into the same inbox; nothing is
/// ever rewritten. The inbox's state is the fold of its lines (`InboxState`).
public struct MessageRecord: Codable, Sendable, Equatable, JournalRecord {
    /// One journal per recipient in `inbox/` (`MessageFiles.journalName`).
    public static let fileName = "*.jsonl"
    public static let reservedFieldNames: Set<String> = [
        "v", "event", "id", "ids", "at", "actor", "to", "text", "subject", "reply_to", "key", "expires", "urgent",
        "mention", "note",
    ]

    /// What a line records. Unknown kinds (from a newer coord) are kept and change nothing.
    public struct Kind: OpenRecordKind {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A message delivered to this inbox.
        public static let message = Kind(rawValue: "message")
        /// The same `--key` was sent again while the message was unread: its count goes up.
        public static let repeated = Kind(rawValue: "repeated")
        /// The recipient has read the messages `ids` (`coord inbox ack`).
        public static let read = Kind(rawValue: "read")
        /// The recipient has acted on the messages `ids` (`coord inbox done`).
        public static let done = Kind(rawValue: "done")
    }

    public var event: Kind
    /// `message` and `repeated`: the message id (`M-7`).
    public var id: String?
    /// `read` and `done`: the messages the receipt covers.
    public var ids: [String]?
    /// When, as an absolute UTC instant (`Timestamp.utc`).
    public var at: String
    /// Who wrote the line: the sender of a message, the recipient of a receipt.
    public var actor: String

    // `message` only.
    /// The recipient (the inbox's agent).
    public var to: String?
    public var text: String?
    public var subject: String?
    /// The message this one answers.
    public var replyTo: String?
    /// `--key`: a repeat while this message is unread raises its count instead.
    public var key: String?
    /// After this instant the message no longer counts as unread.
    public var expires: String?
    public var urgent: Bool?
    /// Set when the message is a mention in a bulletin post.
    public var mention: MentionLink?

    /// `done`: what the recipient did.
    public var note: String?

    public init(event: Kind, id: String? = nil, at: String, actor: String) {
        self.event = event
        self.id = id
        self.at = at
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case event, id, ids, at, actor, to, text, subject
        case replyTo = "reply_to"
        case key, expires, urgent, mention, note
    }
}

/// Message ids: `M-` and a decimal number.
public enum MessageID {
    public static func format(_ number: Int) -> String { "M-\(number)" }

    /// The number in `M-7`, `m-7` or `7`, or nil.
    public static func number(in text: String) -> Int? {
        var digits = Substring(text)
        if digits.hasPrefix("M-") || digits.hasPrefix("m-") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.utf8.count <= 18,
              digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let number = Int(digits), number > 0
        else { return nil }
        return number
    }

    /// The canonical form of `text`, or a one-sentence refusal.
    public static func parse(_ text: String) throws -> String {
        guard let number = number(in: text) else { throw CoordError.invalidMessageID(text) }
        return format(number)
    }
}

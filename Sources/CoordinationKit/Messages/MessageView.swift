import CoordStorage
import FoundationEssentials

/// One message in JSON (`coord inbox --json`, `coord sent --json`): the record's fields and its state.
public struct MessageView: Encodable, Sendable {
    public var id: String
    public var from: String
    public var to: String
    public var at: String
    public var subject: String?
    public var text: String
    public var urgent: Bool
    public var replyTo: String?
    public var key: String?
    public var expires: String?
    public var expired: Bool
    /// `unread`, `read` or `done`.
    public var status: String
    public var count: Int
    public var lastAt: String?
    public var readAt: String?
    public var doneAt: String?
    public var note: String?
    public var mention: MentionLink?

    enum CodingKeys: String, CodingKey {
        case id, from, to, at, subject, text, urgent, key, expires, expired, status, count, note, mention
        case replyTo = "reply_to"
        case lastAt = "last_at"
        case readAt = "read_at"
        case doneAt = "done_at"
    }

    public init(_ message: InboxMessage, recipient: String, now: Date) {
        let record = message.message
        id = message.id
        from = record.actor
        to = record.to ?? recipient
        at = record.at
        subject = record.subject
        text = record.text ?? ""
        urgent = record.urgent ?? false
        replyTo = record.replyTo
        key = record.key
        expires = record.expires
        expired = message.isExpired(at: now)
        status = MessageText.status(message)
        count = message.count
        lastAt = message.lastAt
        readAt = message.readAt
        doneAt = message.doneAt
        note = message.note
        mention = record.mention
    }
}

/// `coord inbox --json`: `{"agent":…,"messages":[…],"unread":N,"version":2}`.
public struct InboxDocument: Encodable, Sendable {
    public var agent: String
    public var messages: [MessageView]
    public var unread: Int

    public init(_ listing: InboxListing) {
        agent = listing.agent
        messages = listing.messages.map { MessageView($0, recipient: listing.agent, now: listing.now) }
        unread = listing.messages.filter { $0.isUnread(at: listing.now) }.count
    }
}

/// `coord sent --json`: `{"agent":…,"messages":[…],"version":2}`.
public struct SentDocument: Encodable, Sendable {
    public var agent: String
    public var messages: [MessageView]

    public init(_ sent: [SentMessage], agent: String, now: Date) {
        self.agent = agent
        messages = sent.map { MessageView($0.message, recipient: $0.recipient, now: now) }
    }
}

/// `coord send --json`: `{"deliveries":[{"count":1,"id":"M-7","recipient":"backend"}],"version":2}`.
public struct SendDocument: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        public var recipient: String
        public var id: String
        public var count: Int
    }

    public var deliveries: [Item]

    public init(_ deliveries: [Delivery]) {
        self.deliveries = deliveries.map { Item(recipient: $0.recipient, id: $0.id, count: $0.count) }
    }
}

/// `coord inbox ack|done --json`: `{"recorded":[…],"already_recorded":[…],"version":2}`.
public struct ReceiptDocument: Encodable, Sendable {
    public var recorded: [String]
    public var alreadyRecorded: [String]

    enum CodingKeys: String, CodingKey {
        case recorded
        case alreadyRecorded = "already_recorded"
    }

    public init(_ result: ReceiptResult) {
        recorded = result.recorded
        alreadyRecorded = result.alreadyKnown
    }
}

/// The text the message commands print.
public enum MessageText {
    static func status(_ message: InboxMessage) -> String {
        message.isDone ? "done" : message.isRead ? "read" : "unread"
    }

    /// `coord send`: the ids, one a line (`M-7`, or `M-7 (x3)` for a repeat).
    public static func sent(_ deliveries: [Delivery]) -> String {
        deliveries.map { $0.repeated ? "\($0.id) \($0.recipient) (x\($0.count))" : "\($0.id) \($0.recipient)" }
            .joined(separator: "\n")
    }

    /// Two lines per message: the heading (id, time, sender, state) and the text, escaped as bulletin lines are.
    public static func listing(_ listing: InboxListing, zone: BoardTimeZone, style: TextStyle, emptyNote: String) -> String {
        if listing.messages.isEmpty { return emptyNote }
        return listing.messages.map { block($0, recipient: nil, now: listing.now, zone: zone, style: style) }
            .joined(separator: "\n")
    }

    /// `coord sent`: the same blocks, each naming its recipient.
    public static func sentListing(_ sent: [SentMessage], now: Date, zone: BoardTimeZone, style: TextStyle) -> String {
        if sent.isEmpty { return "Nothing you sent is still open." }
        return sent.map { block($0.message, recipient: $0.recipient, now: now, zone: zone, style: style) }.joined(separator: "\n")
    }

    static func block(_ message: InboxMessage, recipient: String?, now: Date, zone: BoardTimeZone, style: TextStyle) -> String {
        let record = message.message
        var head = style.apply(message.id, "1") + "  " + local(record.at, zone: zone) + "  "
        head += recipient.map { "to " + Escaping.escape($0) } ?? "from " + Escaping.escape(record.actor)
        var marks: [String] = []
        if record.urgent == true { marks.append(style.apply("urgent", "31")) }
        marks.append(status(message))
        if message.count > 1 { marks.append("x\(message.count)") }
        if message.isExpired(at: now) { marks.append("expired") }
        if let reply = record.replyTo { marks.append("re " + reply) }
        head += "  [" + marks.joined(separator: ", ") + "]"
        if let subject = record.subject { head += "  " + style.apply(Escaping.escape(subject), "1") }
        var lines = [head, "    " + Escaping.escape(record.text ?? "")]
        if let mention = record.mention {
            lines.append("    " + style.apply("(mention in BULLETIN.md, \(mention.date) \(mention.time), byte \(mention.offset))", "2"))
        }
        if let note = message.note { lines.append("    " + style.apply("done: " + Escaping.escape(note), "2")) }
        return lines.joined(separator: "\n")
    }

    static func local(_ instant: String, zone: BoardTimeZone) -> String {
        guard let date = Timestamp.parse(instant, in: .utc) else { return instant }
        let local = zone.local(date)
        return "\(local.date) \(local.time)"
    }

    /// `coord inbox ack` / `done`.
    public static func receipt(_ result: ReceiptResult, verb: String) -> String? {
        var lines: [String] = []
        if !result.recorded.isEmpty { lines.append("Marked \(result.recorded.joined(separator: ", ")) \(verb).") }
        if !result.alreadyKnown.isEmpty { lines.append("Already \(verb): \(result.alreadyKnown.joined(separator: ", ")).") }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

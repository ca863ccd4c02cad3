import CoordStorage
import FoundationEssentials

/// A message as its inbox stands: the record and what happened to it since.
public struct InboxMessage: Codable, Sendable, Equatable {
    public var message: MessageRecord
    /// 1, plus one for each repeat of its `--key` while it was unread.
    public var count: Int
    /// The latest repeat, when there was one.
    public var lastAt: String?
    /// When the recipient acknowledged it (or marked it done, which reads it too).
    public var readAt: String?
    public var doneAt: String?
    /// The note of the `done` receipt.
    public var note: String?

    public var id: String { message.id ?? "" }
    public var isRead: Bool { readAt != nil }
    public var isDone: Bool { doneAt != nil }

    /// True when the message has an expiry at or before `now`.
    public func isExpired(at now: Date) -> Bool {
        guard let text = message.expires, let expiry = Timestamp.parse(text, in: .utc) else { return false }
        return expiry <= now
    }

    /// Unread and not expired: what `coord inbox --unread` lists.
    public func isUnread(at now: Date) -> Bool { !isRead && !isDone && !isExpired(at: now) }

    enum CodingKeys: String, CodingKey {
        case message, count, note
        case lastAt = "last_at"
        case readAt = "read_at"
        case doneAt = "done_at"
    }
}

/// One inbox folded: its messages in arrival order and their receipts.
///
/// Total and deterministic like every fold: a second line with a message id
/// already seen (a merge repeating a line) and receipts for ids the inbox
/// does not hold change nothing. Without `keepingDone` the fold keeps only
/// the messages not yet done (what the inbox cache stores); with it, the
/// whole history (`coord inbox --all`).
public struct InboxState: JournalFold, Sendable, Equatable {
    public typealias Record = MessageRecord

    /// In arrival order.
    public private(set) var messages: [InboxMessage] = []
    private var positions: [String: Int] = [:]
    /// Messages ever delivered, and those marked done.
    public private(set) var delivered = 0
    public private(set) var doneCount = 0
    public let keepingDone: Bool
    /// Records after this instant are not applied (a view of a past moment).
    public var asOf: Date?
    /// True once a done message was dropped and `positions` must be rebuilt.
    private var hasGaps = false

    public init(keepingDone: Bool = false, asOf: Date? = nil) {
        self.keepingDone = keepingDone
        self.asOf = asOf
    }

    init(messages: [InboxMessage], delivered: Int, doneCount: Int) {
        keepingDone = false
        self.messages = messages
        self.delivered = delivered
        self.doneCount = doneCount
        for (index, message) in messages.enumerated() { positions[message.id] = index }
    }

    public func message(_ id: String) -> InboxMessage? { positions[id].map { messages[$0] } }

    public mutating func apply(_ stored: Stored<MessageRecord>) { apply(stored.value) }

    public mutating func apply(_ record: MessageRecord) {
        if let asOf, let at = Timestamp.parse(record.at, in: .utc), at > asOf { return }
        switch record.event {
        case .message:
            guard let id = record.id, positions[id] == nil else { return }
            positions[id] = messages.count
            messages.append(InboxMessage(message: record, count: 1))
            delivered += 1
        case .repeated:
            guard let id = record.id, let index = positions[id], !messages[index].isDone else { return }
            messages[index].count += 1
            messages[index].lastAt = record.at
        case .read:
            for id in record.ids ?? [] {
                guard let index = positions[id], messages[index].readAt == nil else { continue }
                messages[index].readAt = record.at
            }
        case .done:
            for id in record.ids ?? [] {
                guard let index = positions[id], messages[index].doneAt == nil else { continue }
                if messages[index].readAt == nil { messages[index].readAt = record.at }
                messages[index].doneAt = record.at
                messages[index].note = record.note
                doneCount += 1
                if !keepingDone { hasGaps = true }
            }
        default:
            return
        }
    }

    /// Drops the messages marked done (unless the fold keeps them). Called before the state is used.
    public mutating func settle() {
        guard hasGaps else { return }
        messages.removeAll { $0.isDone }
        positions = [:]
        for (index, message) in messages.enumerated() { positions[message.id] = index }
        hasGaps = false
    }

    /// The open message from `sender` carrying `key` that is still unread, if any.
    func unreadKeyed(_ key: String, from sender: String) -> InboxMessage? {
        messages.last { $0.message.key == key && $0.message.actor == sender && !$0.isRead && !$0.isDone }
    }
}

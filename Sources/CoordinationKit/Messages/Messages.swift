import CoordStorage
import FoundationEssentials

/// What `coord send` delivers.
public struct MessageDraft: Sendable {
    public var recipients: [String]
    public var text: String
    public var subject: String?
    /// The message this one answers (`M-7`).
    public var replyTo: String?
    /// A repeat with the same key to the same recipient, while the first is unread, raises its count.
    public var key: IdempotencyKey?
    /// Seconds after which the message no longer counts as unread.
    public var expiresAfter: Int64?
    public var urgent: Bool
    /// Set for a mention in a bulletin post.
    public var mention: MentionLink?

    public init(recipients: [String], text: String, subject: String? = nil, replyTo: String? = nil,
                key: IdempotencyKey? = nil, expiresAfter: Int64? = nil, urgent: Bool = false, mention: MentionLink? = nil) {
        self.recipients = recipients
        self.text = text
        self.subject = subject
        self.replyTo = replyTo
        self.key = key
        self.expiresAfter = expiresAfter
        self.urgent = urgent
        self.mention = mention
    }
}

/// One recipient's copy of a sent message.
public struct Delivery: Sendable, Equatable {
    public var recipient: String
    public var id: String
    /// 1 for a new message; more when a `--key` repeat raised the count of an unread one.
    public var count: Int
    public var repeated: Bool { count > 1 }
}

/// What `coord inbox ack` and `coord inbox done` did.
public struct ReceiptResult: Sendable, Equatable {
    /// Newly recorded.
    public var recorded: [String]
    /// Already read (for ack) or already done: nothing written for them.
    public var alreadyKnown: [String]
}

/// Which messages `coord inbox` lists.
public struct InboxQuery: Sendable {
    public enum Scope: String, Sendable {
        /// Not done and not expired: the default.
        case open
        /// Not read, not done, not expired.
        case unread
        /// Every message ever delivered, done and expired ones too.
        case all
    }

    public var scope: Scope
    /// Only messages from this sender.
    public var from: String?

    public init(scope: Scope = .open, from: String? = nil) {
        self.scope = scope
        self.from = from
    }
}

/// What `coord inbox` shows.
public struct InboxListing: Sendable {
    public var agent: String
    public var messages: [InboxMessage]
    /// The moment unread and expired were judged at.
    public var now: Date
}

/// A message as its sender sees it (`coord sent`).
public struct SentMessage: Sendable {
    public var recipient: String
    public var message: InboxMessage
}

/// The messages since an agent's `--new` cursor, and where the cursor moves once they are printed.
public struct NewMessages: Sendable {
    public var listing: InboxListing
    /// The journal offset just past what was read.
    public var end: Int64
}

/// Direct messages between agents: one inbox journal per recipient,
/// `.coordination/inbox/<agent>.jsonl` (`MessageRecord`, folded by `InboxState`).
///
/// Every write is a read-decide-append inside the board lock: message
/// numbers are handed out one at a time (`inbox/last-id`, written before the
/// message is appended, so a crash between them skips a number but never
/// reuses one; on a board with a remote they are decided there first, see
/// `takeNumbers`), and a receipt is checked against the inbox it lands in.
/// Listing never writes: reading a message is an explicit receipt.
public struct Messages: Sendable {
    public static let maximumSubjectBytes = 200

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    func folder(create: Bool) throws -> BoardDirectory? {
        try workspace.board.subdirectory(MessageFiles.folderName, create: create)
    }

    func journal(_ agent: String, in folder: BoardDirectory) -> RecordJournal<MessageRecord> {
        RecordJournal(directory: folder, name: MessageFiles.journalName(agent))
    }

    // MARK: Sending

    /// Delivers `draft` to each recipient's inbox and returns one delivery per recipient.
    /// Recipients the board has never seen, and finished or silent workers, draw a warning; delivery still happens.
    @discardableResult
    public func send(_ draft: MessageDraft, as sender: AgentName) throws -> [Delivery] {
        try deliver(draft, as: sender, warning: true)
    }

    func deliver(_ draft: MessageDraft, as sender: AgentName, warning: Bool) throws -> [Delivery] {
        _ = try Bulletin.validatedLine(draft.text)
        if let subject = draft.subject { try Self.validateSubject(subject) }
        let replyTo = try draft.replyTo.map(MessageID.parse)
        var recipients: [AgentName] = []
        for name in draft.recipients {
            let agent = try AgentName(name)
            if !recipients.contains(agent) { recipients.append(agent) }
        }
        guard !recipients.isEmpty else { throw CoordError.noRecipients() }
        if let seconds = draft.expiresAfter, seconds <= 0 {
            throw CoordError.invalidInput("--expires takes a positive duration such as 30m, 2h or 1d.")
        }
        let now = workspace.clock.now()
        if warning { warnAbout(recipients, now: now) }
        return try workspace.board.withExclusiveLock {
            let folder = try folder(create: true)!
            // Each recipient's line: a repeat (its id and count known) or a new message (its id taken below).
            var pending: [(recipient: String, record: MessageRecord, count: Int, state: (InboxState, Int64)?)] = []
            for recipient in recipients.map(\.rawValue) {
                var loaded: (InboxState, Int64)? = nil
                if let key = draft.key {
                    let (state, end) = try load(recipient, in: folder)
                    loaded = (state, end)
                    if let earlier = state.unreadKeyed(key.rawValue, from: sender.rawValue), !earlier.isExpired(at: now) {
                        var record = MessageRecord(event: .repeated, id: earlier.id, at: Timestamp.utc(now), actor: sender.rawValue)
                        record.to = recipient
                        pending.append((recipient, record, earlier.count + 1, loaded))
                        continue
                    }
                }
                var record = MessageRecord(event: .message, at: Timestamp.utc(now), actor: sender.rawValue)
                record.to = recipient
                record.text = draft.text
                record.subject = draft.subject
                record.replyTo = replyTo
                record.key = draft.key?.rawValue
                record.expires = draft.expiresAfter.map { Timestamp.utc(now.addingTimeInterval(Double($0))) }
                record.urgent = draft.urgent ? true : nil
                record.mention = draft.mention
                pending.append((recipient, record, 1, loaded))
            }
            // The numbers are taken (on the remote, when the board has one) before any line lands.
            let fresh = pending.indices.filter { pending[$0].record.id == nil }
            if !fresh.isEmpty {
                let first = try takeNumbers(fresh.count, in: folder, at: now)
                for (offset, index) in fresh.enumerated() { pending[index].record.id = MessageID.format(first + offset) }
            }
            var deliveries: [Delivery] = []
            for item in pending {
                try append(item.record, to: item.recipient, in: folder, after: item.state)
                deliveries.append(Delivery(recipient: item.recipient, id: item.record.id!, count: item.count))
            }
            return deliveries
        }
    }

    /// Appends `record` to `recipient`'s inbox; with the state it was decided on, saves the inbox cache too.
    private func append(_ record: MessageRecord, to recipient: String, in folder: BoardDirectory,
                        after loaded: (InboxState, Int64)?) throws {
        let placement = try journal(recipient, in: folder).append([record])
        guard var (state, end) = loaded, let placement, placement.start == end,
              let file = try folder.openFile(MessageFiles.journalName(recipient), mode: .readOnly)
        else { return }
        state.apply(record)
        state.settle()
        end = placement.end
        InboxCache.save(state, covered: end, agent: recipient, board: workspace.board, journal: file)
    }

    /// The highest message number handed out: `inbox/last-id`, or when it is
    /// missing or unreadable, the highest id in any inbox.
    func lastNumber(in folder: BoardDirectory) throws -> Int {
        if let number = try savedNumber(in: folder) { return number }
        var highest = 0
        for name in try folder.listNames() where name.hasSuffix(".jsonl") {
            let journal = RecordJournal<MessageRecord>(directory: folder, name: name)
            try journal.scanBackward { stored in
                if let id = stored.value.id, let number = MessageID.number(in: id) { highest = max(highest, number) }
                return stored.value.event != .message
            }
        }
        return highest
    }

    /// `inbox/last-id`, or nil when it is missing or unreadable.
    func savedNumber(in folder: BoardDirectory) throws -> Int? {
        guard let bytes = try folder.read(MessageFiles.counterName),
              let number = Int(String(decoding: bytes, as: UTF8.self).trimmingSuffix("\n")), number >= 0 else { return nil }
        return number
    }

    /// Writes `inbox/last-id` in place, zero-padded to a fixed width (as `.state/lock-token` is): a
    /// replacement by rename costs ext4 a flush of the new file, more than the rest of a send, and at a
    /// fixed width a write cut short still reads at least the old number.
    static func saveLastNumber(_ number: Int, in folder: BoardDirectory) throws {
        let digits = String(number)
        let bytes = Array((String(repeating: "0", count: max(0, 20 - digits.count)) + digits + "\n").utf8)
        let file = try folder.openOrCreate(MessageFiles.counterName, mode: .readWrite)
        try file.overwrite(bytes, at: 0)
        if try file.size() > Int64(bytes.count) { try file.truncate(to: Int64(bytes.count)) }
    }

    static func validateSubject(_ subject: String) throws {
        if subject.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw CoordError.invalidInput("The --subject is empty; leave it out or say in a few words what the message is about.")
        }
        let escaped = Escaping.escape(subject)
        if escaped.utf8.count > maximumSubjectBytes {
            throw CoordError.invalidInput(
                "The --subject is \(escaped.utf8.count) bytes once escaped, over the limit of \(maximumSubjectBytes); shorten it and put the detail in the message.")
        }
    }

    // MARK: Reading

    /// `agent`'s inbox folded: from the cache and the lines after it, or (`keepingDone`, a past moment) from the start.
    /// Returns the state and the journal offset it reaches. Never writes.
    func load(_ agent: String, in folder: BoardDirectory, keepingDone: Bool = false, asOf: Date? = nil) throws -> (InboxState, Int64) {
        guard let file = try folder.openFile(MessageFiles.journalName(agent), mode: .readOnly) else {
            return (InboxState(keepingDone: keepingDone, asOf: asOf), 0)
        }
        var state = InboxState(keepingDone: keepingDone, asOf: asOf)
        var start: Int64 = 0
        if !keepingDone, asOf == nil,
           let (cached, covered) = InboxCache.load(agent, board: workspace.board, journal: file, size: try file.size()) {
            state = cached
            start = covered
        }
        let contents = try journal(agent, in: folder).read(from: start)
        state.apply(contents.records)
        state.settle()
        return (state, max(contents.end, start))
    }

    /// The messages in `agent`'s inbox that `query` selects, in arrival order. Never writes.
    public func inbox(of agent: AgentName, _ query: InboxQuery = InboxQuery()) throws -> InboxListing {
        let moment = workspace.viewMoment
        let now = moment ?? workspace.clock.now()
        guard let folder = try folder(create: false) else { return InboxListing(agent: agent.rawValue, messages: [], now: now) }
        let (state, _) = try load(agent.rawValue, in: folder, keepingDone: query.scope == .all, asOf: moment)
        let selected = state.messages.filter { query.matches($0, at: now) }
        return InboxListing(agent: agent.rawValue, messages: selected, now: now)
    }

    /// For each inbox on the board, its agent and its unread messages (not expired). Never writes.
    public func unread(at moment: Date? = nil) throws -> [(agent: String, messages: [InboxMessage])] {
        guard let folder = try folder(create: false) else { return [] }
        let now = moment ?? workspace.viewMoment ?? workspace.clock.now()
        var result: [(agent: String, messages: [InboxMessage])] = []
        for name in try folder.listNames() {
            guard let agent = MessageFiles.agent(fromJournal: name) else { continue }
            let (state, _) = try load(agent, in: folder, asOf: workspace.viewMoment)
            result.append((agent, state.messages.filter { $0.isUnread(at: now) }))
        }
        return result
    }

    /// What `sender` sent that is still open (not done), or only unread with `unreadOnly`, by id. Never writes.
    public func sent(by sender: AgentName, unreadOnly: Bool) throws -> [SentMessage] {
        guard let folder = try folder(create: false) else { return [] }
        var found: [SentMessage] = []
        for name in try folder.listNames() {
            guard let agent = MessageFiles.agent(fromJournal: name) else { continue }
            let (state, _) = try load(agent, in: folder)
            for message in state.messages where message.message.actor == sender.rawValue {
                if unreadOnly && message.isRead { continue }
                found.append(SentMessage(recipient: agent, message: message))
            }
        }
        return found.sorted { (MessageID.number(in: $0.message.id) ?? 0, $0.recipient) < (MessageID.number(in: $1.message.id) ?? 0, $1.recipient) }
    }

    // MARK: Receipts

    /// Records that `agent` has read the messages `ids`. Already read ones change nothing;
    /// an id not in the inbox refuses the whole receipt (exit 5).
    @discardableResult
    public func acknowledge(_ ids: [String], as agent: AgentName) throws -> ReceiptResult {
        try receipt(.read, ids, note: nil, as: agent)
    }

    /// Records that `agent` has acted on the messages `ids` (which reads them too).
    @discardableResult
    public func markDone(_ ids: [String], note: String?, as agent: AgentName) throws -> ReceiptResult {
        if let note { _ = try Bulletin.validatedLine(note) }
        return try receipt(.done, ids, note: note, as: agent)
    }

    private func receipt(_ kind: MessageRecord.Kind, _ texts: [String], note: String?, as agent: AgentName) throws -> ReceiptResult {
        var ids: [String] = []
        for text in texts {
            let id = try MessageID.parse(text)
            if !ids.contains(id) { ids.append(id) }
        }
        guard !ids.isEmpty else { throw CoordError.invalidInput("Name the messages, for example: coord inbox ack M-7.") }
        let now = workspace.clock.now()
        return try workspace.board.withExclusiveLock {
            guard let folder = try folder(create: false) else { throw CoordError.messageNotFound(ids, agent: agent.rawValue) }
            let (state, end) = try load(agent.rawValue, in: folder)
            var result = ReceiptResult(recorded: [], alreadyKnown: [])
            var missing: [String] = []
            for id in ids {
                if let message = state.message(id) {
                    if kind == .read ? message.isRead : message.isDone { result.alreadyKnown.append(id) } else { result.recorded.append(id) }
                } else if try delivered(id, to: agent.rawValue, in: folder) {
                    // Delivered and no longer open: it is done, which reads it too.
                    result.alreadyKnown.append(id)
                } else {
                    missing.append(id)
                }
            }
            if !missing.isEmpty { throw CoordError.messageNotFound(missing, agent: agent.rawValue) }
            guard !result.recorded.isEmpty else { return result }
            var record = MessageRecord(event: kind, at: Timestamp.utc(now), actor: agent.rawValue)
            record.ids = result.recorded
            record.note = note
            try append(record, to: agent.rawValue, in: folder, after: (state, end))
            return result
        }
    }

    /// True when `id` was ever delivered to `agent`: reads the inbox backwards, decoding only lines that name it.
    private func delivered(_ id: String, to agent: String, in folder: BoardDirectory) throws -> Bool {
        let needle = Array("\"id\":\"\(id)\"".utf8)
        var found = false
        try journal(agent, in: folder).scanBackward(as: MessageRecord.self, choosing: { line in
            Self.contains(line, needle) ? .decode : .skip
        }) { stored in
            found = stored.value.event == .message && stored.value.id == id
            return !found
        }
        return found
    }

    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index ..< index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    // MARK: The --new cursor

    /// The messages delivered to `agent` since its cursor, not yet done. Never writes: once they
    /// are printed, `advanceCursor(past:for:)` moves the cursor, so a crash in between shows them again.
    public func newMessages(for agent: AgentName) throws -> NewMessages {
        let now = workspace.clock.now()
        guard let folder = try folder(create: false) else {
            return NewMessages(listing: InboxListing(agent: agent.rawValue, messages: [], now: now), end: 0)
        }
        let (state, _) = try load(agent.rawValue, in: folder)
        var from = MessageCursor.load(agent.rawValue, in: folder)?.offset ?? 0
        let journal = journal(agent.rawValue, in: folder)
        if from > (try journal.size()) { from = 0 }   // the journal was replaced: show it all again
        let contents = try journal.read(from: from)
        var messages: [InboxMessage] = []
        for stored in contents.records where stored.value.event == .message {
            if let id = stored.value.id, let message = state.message(id) { messages.append(message) }
        }
        return NewMessages(listing: InboxListing(agent: agent.rawValue, messages: messages, now: now),
                           end: max(contents.end, from))
    }

    /// Moves `agent`'s cursor to `batch.end` (never backwards), in one atomic replace, and
    /// refreshes the inbox cache while the lock is held.
    public func advanceCursor(past batch: NewMessages, for agent: AgentName) throws {
        guard batch.end > 0 else { return }
        try workspace.board.withExclusiveLock {
            guard let folder = try folder(create: false) else { return }
            if let current = MessageCursor.load(agent.rawValue, in: folder), current.offset >= batch.end { return }
            try MessageCursor(agent: agent.rawValue, at: Timestamp.utc(workspace.clock.now()), offset: batch.end).save(in: folder)
            let (state, end) = try load(agent.rawValue, in: folder)
            if end > 0, let file = try folder.openFile(MessageFiles.journalName(agent.rawValue), mode: .readOnly) {
                InboxCache.save(state, covered: end, agent: agent.rawValue, board: workspace.board, journal: file)
            }
        }
    }
}

extension InboxQuery {
    func matches(_ message: InboxMessage, at now: Date) -> Bool {
        if let from, message.message.actor != from { return false }
        switch scope {
        case .all: return true
        case .open: return !message.isDone && !(message.isExpired(at: now) && !message.isRead)
        case .unread: return message.isUnread(at: now)
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// `inbox/cursors/<agent>.json`: how far `coord inbox --new` has shown an agent its inbox.
struct MessageCursor: Codable {
    static let version = 1
    var version = MessageCursor.version
    var agent: String
    var at: String
    /// The inbox journal offset just past the last line shown.
    var offset: Int64

    init(agent: String, at: String, offset: Int64) {
        self.agent = agent
        self.at = at
        self.offset = offset
    }

    static func load(_ agent: String, in folder: BoardDirectory) -> MessageCursor? {
        guard let cursors = try? folder.subdirectory(MessageFiles.cursorFolder, create: false),
              let bytes = try? cursors.read(MessageFiles.baseName(agent) + ".json"),
              let cursor = try? BoardJSON.decode(MessageCursor.self, from: bytes), cursor.version <= version, cursor.offset >= 0
        else { return nil }
        return cursor
    }

    func save(in folder: BoardDirectory) throws {
        guard let cursors = try folder.subdirectory(MessageFiles.cursorFolder, create: true) else { return }
        try cursors.replace(MessageFiles.baseName(agent) + ".json", with: try BoardJSON.document(self))
    }
}

import CoordStorage
import FoundationEssentials

/// An inbox as status and the observer see it: its unread messages.
public struct ObservedInbox: Sendable, Equatable {
    public struct Message: Sendable, Equatable {
        public var id: String
        public var from: String
        public var at: Date
        public var urgent: Bool
        public var subject: String?
        public var text: String
    }

    public var agent: String
    /// Unread (not read, not done, not expired), in arrival order.
    public var unread: [Message]

    public var urgentUnread: [Message] { unread.filter(\.urgent) }
}

/// Direct messages, from `.coordination/inbox/<agent>.jsonl` (through each inbox's cache).
extension BoardReader {
    func inboxes() throws -> [ObservedInbox] {
        try Messages(workspace).unread(at: now).map { inbox in
            ObservedInbox(agent: inbox.agent, unread: inbox.messages.map { message in
                ObservedInbox.Message(id: message.id, from: message.message.actor,
                                      at: Timestamp.parse(message.message.at, in: .utc) ?? Date(timeIntervalSince1970: 0),
                                      urgent: message.message.urgent == true, subject: message.message.subject,
                                      text: message.message.text ?? "")
            })
        }
    }
}

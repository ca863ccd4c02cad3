import CoordStorage
import FoundationEssentials

extension SynthesisReport {
    /// Direct messages in the window: how many were sent, read and done, and the
    /// urgent ones still unread at the window's end.
    public struct MessageActivity: Codable, Sendable, Equatable {
        public var sent: Int
        public var read: Int
        public var done: Int
        public var urgentUnread: [UrgentMessage]

        public struct UrgentMessage: Codable, Sendable, Equatable {
            public var id: String
            public var from: String
            public var to: String
            public var at: ReportTime
            public var subject: String?
            public var text: String
        }

        enum CodingKeys: String, CodingKey {
            case sent, read, done
            case urgentUnread = "urgent_unread"
        }

        public var isEmpty: Bool { sent == 0 && read == 0 && done == 0 && urgentUnread.isEmpty }
    }
}

/// Reads every inbox journal as it stood at the window's end.
enum MessageDigest {
    static func read(_ workspace: Workspace, window: SynthesisWindow) throws -> SynthesisReport.MessageActivity? {
        guard let folder = try workspace.board.subdirectory(MessageFiles.folderName, create: false) else { return nil }
        let zone = workspace.timeZone
        var activity = SynthesisReport.MessageActivity(sent: 0, read: 0, done: 0, urgentUnread: [])
        for name in try folder.listNames() {
            guard let agent = MessageFiles.agent(fromJournal: name) else { continue }
            let records = try RecordJournal<MessageRecord>(directory: folder, name: name).read().records
            var state = InboxState(asOf: window.end)
            for stored in records {
                let record = stored.value
                guard let at = Timestamp.parse(record.at, in: .utc), window.includesEnd ? at <= window.end : at < window.end else { continue }
                state.apply(record)
                guard window.contains(at) else { continue }
                switch record.event {
                case .message: activity.sent += 1
                case .read: activity.read += record.ids?.count ?? 0
                case .done: activity.done += record.ids?.count ?? 0
                default: break
                }
            }
            state.settle()
            for message in state.messages where message.message.urgent == true && message.isUnread(at: window.end) {
                guard let at = Timestamp.parse(message.message.at, in: .utc) else { continue }
                activity.urgentUnread.append(.init(id: message.id, from: message.message.actor, to: agent, at: ReportTime(at, in: zone),
                                                   subject: message.message.subject, text: message.message.text ?? ""))
            }
        }
        activity.urgentUnread.sort { ($0.at, $0.id) < ($1.at, $1.id) }
        return activity.isEmpty ? nil : activity
    }
}

extension MarkdownBuilder {
    /// Messages sent, read and done in the window, and urgent ones nobody has read; nothing when there were none.
    func messages() {
        guard let m = report.messages, !m.isEmpty else { return }
        heading(2, "Messages")
        line("\(m.sent) sent, \(m.read) read, \(m.done) done in the window; \(m.urgentUnread.count) urgent unread at its end "
            + "(`coord inbox`, `coord sent`).")
        if !m.urgentUnread.isEmpty {
            heading(3, "Urgent and unread")
            capped(m.urgentUnread, limit: caps.list) { u in
                var item = MarkdownText.code(u.id) + " \(MarkdownText.inline(u.from)) → \(MarkdownText.inline(u.to)), \(stamp(u.at)): "
                item += MarkdownText.inline(u.subject ?? Decisions.shortened(u.text, to: 120))
                return item
            }
        }
    }
}

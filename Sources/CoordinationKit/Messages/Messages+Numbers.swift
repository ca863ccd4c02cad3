import CoordStorage
import FoundationEssentials

/// One line of `.coordination/message-ids.jsonl`: a message id taken on a
/// board with a remote, by which host and when.
///
///     {"at":"2026-11-21T09:00:00.000Z","host":"3f9c0a7d5e21b846","id":"M-8","v":1}
///
/// An exclusive journal (`RemoteBoard.exclusiveJournals`): appended only inside
/// `ExclusiveRecords.commit`, so a line stands once the remote took it, and ids
/// are decided on the shared history as ADR and task ids are. Numbers only grow:
/// the next message takes one more than the highest id here (or in the local
/// counter, for a board that sent messages before it had a remote).
struct MessageIDRecord: Codable, Sendable, Equatable, JournalRecord {
    static let fileName = "message-ids.jsonl"
    static let reservedFieldNames: Set<String> = ["v", "id", "host", "at"]

    /// `M-8`.
    var id: String
    /// The host id of the board that took it (`remote/host`).
    var host: String
    /// When, as an absolute UTC instant.
    var at: String
}

extension Messages {
    /// Takes `count` consecutive message numbers and returns the first; inside the board lock.
    ///
    /// A local board counts in `inbox/last-id` (above the ids in a
    /// `message-ids.jsonl` it kept from a remote it had). A board with a remote
    /// decides them there: the numbers are appended to `message-ids.jsonl`
    /// inside `ExclusiveRecords.commit` (fetch, adopt, append, compare-and-swap
    /// push), and a remote that cannot be reached throws `remoteUnreachable`
    /// (exit 7): no local number is ever used instead. Either way the counter
    /// is saved before any message carrying the numbers lands, so a crash in
    /// between skips numbers but never reuses one.
    func takeNumbers(_ count: Int, in folder: BoardDirectory, at now: Date) throws -> Int {
        let first: Int
        if RemoteSettings.isConfigured(workspace.board) {
            first = try ExclusiveRecords.commit(workspace) {
                let journal = RecordJournal<MessageIDRecord>(directory: workspace.board)
                let first = max(try Self.highestTaken(in: journal), try lastNumber(in: folder)) + 1
                let host = try RemoteFolder.open(workspace.board, create: false)?.hostID(create: false) ?? "0000000000000000"
                try journal.append((0 ..< count).map {
                    MessageIDRecord(id: MessageID.format(first + $0), host: host, at: Timestamp.utc(now))
                })
                return first
            }
        } else {
            first = max(try lastNumber(in: folder), try Self.highestTaken(in: RecordJournal(directory: workspace.board))) + 1
        }
        try Self.saveLastNumber(first + count - 1, in: folder)
        return first
    }

    /// The highest number in `message-ids.jsonl`: its last readable line's (numbers only grow).
    static func highestTaken(in journal: RecordJournal<MessageIDRecord>) throws -> Int {
        var highest = 0
        try journal.scanBackward { stored in
            if let number = MessageID.number(in: stored.value.id) { highest = number }
            return highest == 0
        }
        return highest
    }
}

/// What `remote add` needs of this board's messages (`OwnMessageIDs`).
extension Messages: OwnMessageIDs {
    /// `inbox/last-id`; on a board that never had a remote and lost its counter, the highest id in any inbox.
    /// A board that had a remote and has no counter has only received messages: nil.
    public func highestOwnID() throws -> String? {
        guard let folder = try folder(create: false) else { return nil }
        let number: Int
        if let saved = try savedNumber(in: folder) {
            number = saved
        } else if workspace.board.exists(MessageIDRecord.fileName) {
            return nil
        } else {
            number = try lastNumber(in: folder)
        }
        return number > 0 ? MessageID.format(number) : nil
    }

    public func takenLine(_ id: String, host: String, at now: Date) throws -> [UInt8] {
        try RecordJournal<MessageIDRecord>.lines([Stored(value: MessageIDRecord(id: id, host: host, at: Timestamp.utc(now)),
                                                         version: MessageIDRecord.formatVersion)])
    }

    public func records(_ id: String, by host: String, in journal: [UInt8]) -> Bool {
        LineScanner.lines(of: journal).contains { line in
            guard let record = try? JSONDecoder().decode(MessageIDRecord.self, from: Data(line.bytes)) else { return false }
            return record.id == id && record.host == host
        }
    }
}

import CoordStorage
import FoundationEssentials

/// The append-only JSON Lines journals, besides the bulletin, that `coord sync`
/// carries between hosts: non-exclusive records, which no two hosts can
/// contend for, so every host's records are merged into every board.
///
/// A new kind of non-exclusive record adds its line here (its `BoardJournals`
/// entry and its `LineIdentity`). Only journals whose records cannot conflict
/// belong here: a lock, task or decision journal merged this way could hand
/// one path or one id to two hosts. Records are deduplicated by their
/// identity, which must therefore be unique across hosts (never a per-board
/// counter: message ids are decided on the remote, see `Messages.takeNumbers`).
enum SyncedJournals {
    static let all: [SyncedJournal] = [
        SyncedJournal(.of(WorkerRecord.self, in: Workers.folderName), identity: .idField),
        // Inbox journals, `inbox/AGENT.jsonl` (`MessageRecord`; named by folder and pattern, as the
        // messages layer sits above this one): a message by its id, receipts and repeats each by itself.
        SyncedJournal(.of(AnyJournalRecord.self, in: "inbox", name: "*.jsonl"), identity: .id(whenEvent: "message")),
    ]

    /// The journal path of `name` in `folder` (`workers/backend-api.jsonl`).
    static func path(_ folder: String?, _ name: String) -> String {
        folder.map { $0 + "/" + name } ?? name
    }

    /// The folder, file and registration of a registered journal's `path`; nil for any other path.
    static func split(_ path: String) -> (folder: String?, name: String, journal: SyncedJournal)? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." && !$0.hasPrefix(".") }) else {
            return nil
        }
        let folder = parts.count == 2 ? parts[0] : nil
        let name = parts[parts.count - 1]
        return all.first { $0.kind.matches(folder: folder, file: name) }.map { (folder, name, $0) }
    }
}

/// One synced journal: where its files are, and how its lines are identified.
struct SyncedJournal: Sendable {
    /// The folder and file name pattern.
    let kind: JournalKind
    let identity: LineIdentity

    init(_ kind: JournalKind, identity: LineIdentity) {
        self.kind = kind
        self.identity = identity
    }
}

/// How the exchange names one line of a synced journal: the key under which
/// it is deduplicated, or nil for a line that is only itself (it is then
/// keyed by where it was first written, `HOST:PATH:OFFSET`, unique per line).
///
/// A line with a key stands for a record that exists once however many hosts
/// carry it (a worker record, a message); a line without one is an event
/// about such a record (a receipt, a repeat), never the same as another line.
/// Within one import, keyed lines are written before unkeyed ones, so an
/// event lands after the record it is about, whichever host's ref was read
/// first (a host can only have written the event after it held the record,
/// which is then on the remote too).
struct LineIdentity: Sendable {
    let key: @Sendable (_ line: [UInt8]) -> String?

    private struct Fields: Decodable {
        var id: String?
        var event: String?
    }

    private static func fields(_ line: [UInt8]) -> Fields? {
        try? JSONDecoder().decode(Fields.self, from: Data(line))
    }

    /// Every line by its `id` field (worker records: ids unique across hosts on every line).
    static let idField = LineIdentity { fields($0)?.id }

    /// A line whose `event` is `event` by its `id` (an inbox's `message` line by its message id,
    /// decided on the remote); every other line only by itself (a `repeated` line carries the id
    /// of the message it repeats, a receipt an `ids` list: both are distinct records).
    static func id(whenEvent event: String) -> LineIdentity {
        LineIdentity { line in
            guard let fields = fields(line), fields.event == event else { return nil }
            return fields.id
        }
    }
}

/// `coord sync`'s exchange of the `SyncedJournals`.
///
/// Export: the lines this host appended to each journal since the last sync
/// (past its cursor in `remote/journal-cursors.json`) go to
/// `remote/journals-outbox.jsonl`, one record per line,
/// `{"file":"workers/api.jsonl","id":"…","line":"{…}","v":1}`, which is pushed
/// as `journals.jsonl` on this host's ref. The outbox's size is saved with the
/// cursors: bytes past it were written by an export whose cursors were never
/// saved, and are cut before exporting again.
///
/// Import: every other host's records past this host's cursor for it are
/// appended to their journals, leaving out ids the journal already holds.
/// Before the appends, `remote/journals-pending.json` records each file's
/// size and the bytes about to be written, with the cursors that follow; the
/// next sync completes whatever a crash left unwritten and keeps those
/// cursors, so a crash neither loses nor repeats a record.
struct JournalExchange {
    static let outboxFile = "journals-outbox.jsonl"
    static let cursorsFile = "journal-cursors.json"
    static let pendingFile = "journals-pending.json"
    /// The file in a host ref that holds its journal records.
    static let hostFile = "journals.jsonl"

    struct Record: Codable, Equatable {
        var v: Int = 1
        var file: String
        var id: String
        var line: String
    }

    struct Cursors: Codable, Equatable {
        var version = 1
        /// The outbox's size after the last saved export.
        var outbox: Int64 = 0
        /// By journal path: how far this host's own lines have been exported.
        var exported: [String: Int64] = [:]
        /// By host id: how far its `journals.jsonl` has been imported.
        var hosts: [String: Int64] = [:]
    }

    struct Append: Codable {
        var file: String
        var before: Int64
        var text: String
    }

    struct Pending: Codable {
        var version = 1
        var appends: [Append]
        var cursors: Cursors
    }

    let board: BoardDirectory
    /// `.coordination/remote`.
    let directory: BoardDirectory
    let host: String

    // MARK: Export

    /// Settles an interrupted exchange, then appends this host's new journal
    /// lines to the outbox. Returns how many records were exported.
    func export() throws -> Int {
        var cursors = try recover()
        var bytes: [UInt8] = []
        var count = 0
        for journal in SyncedJournals.all {
            let kind = journal.kind
            guard let folder = try self.folder(kind.folder, create: false) else { continue }
            for name in try folder.listNames() where kind.matches(folder: kind.folder, file: name) {
                let path = SyncedJournals.path(kind.folder, name)
                guard let file = try folder.openFile(name, mode: .readOnly) else { continue }
                let size = try file.size()
                var start = cursors.exported[path] ?? 0
                // A journal shorter than its cursor was replaced: send it whole, receivers drop the ids they hold.
                if start > size { start = 0 }
                guard start < size else { continue }
                let tail = try file.read(start ..< size)
                guard let last = tail.lastIndex(of: LineScanner.newline) else { continue }
                for line in LineScanner.lines(of: Array(tail[...last]), startingAt: start) where !line.bytes.isEmpty {
                    let id = journal.identity.key(Array(line.bytes)) ?? "\(host):\(path):\(line.offset)"
                    let record = Record(file: path, id: id, line: String(decoding: line.bytes, as: UTF8.self))
                    bytes += try BoardJSON.line(record) + [LineScanner.newline]
                    count += 1
                }
                cursors.exported[path] = start + Int64(last) + 1
            }
        }
        if !bytes.isEmpty {
            let outbox = try directory.openOrCreate(Self.outboxFile, mode: .readWrite)
            try outbox.overwrite(bytes, at: cursors.outbox)
            cursors.outbox += Int64(bytes.count)
        }
        try save(cursors)
        return count
    }

    /// The outbox's size as last saved (what the host ref should hold).
    func outboxSize() throws -> Int64 {
        try directory.openFile(Self.outboxFile, mode: .readOnly)?.size() ?? 0
    }

    // MARK: Import

    /// Appends the other hosts' new records (`hosts`: each host's `journals.jsonl`,
    /// nil when its ref has none) to their journals. Returns how many were appended.
    func importRecords(_ hosts: [(host: String, bytes: [UInt8]?)]) throws -> Int {
        let cursors = try loadCursors()
        var next = cursors
        var incoming: [String: [Record]] = [:]
        var order: [String] = []
        for (host, bytes) in hosts where host != self.host {
            guard let bytes else { continue }
            let start = Int(min(Int64(bytes.count), cursors.hosts[host] ?? 0))
            guard let last = bytes[start...].lastIndex(of: LineScanner.newline) else { continue }
            for line in LineScanner.lines(of: Array(bytes[start ... last]), startingAt: Int64(start)) {
                guard let record = try? JSONDecoder().decode(Record.self, from: Data(line.bytes)),
                      SyncedJournals.split(record.file) != nil, !record.line.contains("\n") else { continue }
                if incoming[record.file] == nil { order.append(record.file) }
                incoming[record.file, default: []].append(record)
            }
            next.hosts[host] = Int64(last) + 1
        }
        var appends: [Append] = []
        var count = 0
        for path in order {
            let (folderName, name, journal) = SyncedJournals.split(path)!
            let folder = try self.folder(folderName, create: false)
            let file = try folder?.openFile(name, mode: .readOnly)
            let existing = try file?.readAll() ?? []
            var seen = Set(LineScanner.lines(of: existing).compactMap { journal.identity.key(Array($0.bytes)) })
            var text = existing.isEmpty || existing.last == LineScanner.newline ? "" : "\n"
            // Keyed lines (records) before unkeyed ones (events about them), each group in arrival order.
            let records = incoming[path]!
            let keyed = records.map { journal.identity.key(Array($0.line.utf8)) != nil }
            let ordered = zip(records, keyed).filter(\.1).map(\.0) + zip(records, keyed).filter { !$0.1 }.map(\.0)
            for record in ordered where seen.insert(record.id).inserted {
                text += record.line + "\n"
                count += 1
            }
            guard text.contains(where: { $0 != "\n" }) else { continue }
            appends.append(Append(file: path, before: Int64(existing.count), text: text))
            next.exported[path] = Int64(existing.count + text.utf8.count)
        }
        guard next != cursors else { return 0 }
        if appends.isEmpty {
            try save(next)
            return 0
        }
        try directory.replace(Self.pendingFile, with: try BoardJSON.line(Pending(appends: appends, cursors: next)))
        for append in appends { try write(append) }
        try save(next)
        directory.remove(Self.pendingFile)
        return count
    }

    // MARK: Recovery

    /// The cursors, after completing an import a crash interrupted (its bytes
    /// are written where they are missing, then its cursors hold) and cutting
    /// outbox bytes an interrupted export wrote without saving its cursors.
    private func recover() throws -> Cursors {
        var cursors = try loadCursors()
        if let bytes = try directory.read(Self.pendingFile) {
            if let pending = try? JSONDecoder().decode(Pending.self, from: Data(bytes)) {
                for append in pending.appends where SyncedJournals.split(append.file) != nil { try write(append) }
                cursors = pending.cursors
                try save(cursors)
            }
            directory.remove(Self.pendingFile)
        }
        if let outbox = try directory.openFile(Self.outboxFile, mode: .readWrite), try outbox.size() > cursors.outbox {
            try outbox.truncate(to: cursors.outbox)
        }
        return cursors
    }

    /// Writes `append`'s text after its file's first `before` bytes, unless it
    /// is there already; a part already written is completed.
    private func write(_ append: Append) throws {
        let (folderName, name, _) = SyncedJournals.split(append.file)!
        guard let folder = try folder(folderName, create: true) else { return }
        let file = try folder.openOrCreate(name, mode: .readWrite)
        let text = Array(append.text.utf8)
        let size = try file.size()
        let end = append.before + Int64(text.count)
        if size >= append.before {
            let present = try file.read(append.before ..< min(size, end))
            if text.starts(with: present) {
                if present.count < text.count { try file.overwrite(Array(text[present.count...]), at: append.before + Int64(present.count)) }
                return
            }
        }
        // The file changed in a way coord never makes: keep its bytes and add the records at its end.
        try file.overwrite(text, at: size)
    }

    // MARK: Files

    private func folder(_ name: String?, create: Bool) throws -> BoardDirectory? {
        guard let name else { return board }
        return try board.subdirectory(name, create: create)
    }

    private func loadCursors() throws -> Cursors {
        (try directory.read(Self.cursorsFile)).flatMap { try? JSONDecoder().decode(Cursors.self, from: Data($0)) } ?? Cursors()
    }

    private func save(_ cursors: Cursors) throws {
        try directory.replace(Self.cursorsFile, with: try BoardJSON.line(cursors) + [LineScanner.newline])
    }
}

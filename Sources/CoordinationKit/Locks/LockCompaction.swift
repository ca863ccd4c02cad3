import CoordStorage
import FoundationEssentials

/// Where compaction moves lock records: `.coordination/archive/locks-YYYY-MM.jsonl`.
public enum LockArchive {
    public static let folder = "archive"

    /// The archive file for records compacted at `now` (one per UTC month).
    static func name(for now: Date) -> String {
        "locks-" + String(Timestamp.utc(now).prefix(7)) + ".jsonl"
    }
}

extension JournalContents where Record == LockEvent {
    /// The lock records, oldest first.
    public var events: [LockEvent] { records.map(\.value) }

    /// Bytes taken by the records with these ids (with their newlines). Needs a read with `.lines`.
    func bytes(of ids: Set<String>) -> Int {
        lines.reduce(0) { total, line in
            guard let index = line.record, ids.contains(records[index].value.id) else { return total }
            return total + line.range.count + 1
        }
    }
}

extension RecordJournal where Record == LockEvent {
    /// Keeps `locks.jsonl` short so that every lock command reads a few
    /// kilobytes however long the board's history is.
    ///
    /// Inside the board lock (so no writer appends in between), given a read with `.lines`:
    /// 1. every line the current locks do not need (closed grants, older
    ///    renewals, the previous checkpoint, unreadable or torn lines) is
    ///    appended, byte for byte, to `archive/locks-YYYY-MM.jsonl` in one
    ///    write, followed by an `expire` record for each lapsed grant nobody
    ///    closed (each checkpoint reaches the archive when the next one replaces it);
    /// 2. `locks.jsonl` is replaced atomically (rename) by the checkpoint,
    ///    which carries the highest token ever granted, and the lines of the
    ///    grants still blocking, unchanged.
    ///
    /// A crash between the two steps leaves records in both files; readers of
    /// history drop repeated ids, and the fold of `locks.jsonl` is unchanged.
    func compact(_ snapshot: JournalContents<LockEvent>, table: LockTable, now: Date) throws -> JournalContents<LockEvent> {
        let keep = table.recordIDsToKeep(at: now).union(Self.intentRenewals(snapshot, keeping: table, at: now))
        let lines = snapshot.lines.map { line in
            CompactedLine(range: line.range, id: line.record.map { snapshot.records[$0].value.id })
        }
        _ = try compact(snapshot.bytes, lines: lines, complete: Int(snapshot.end - snapshot.start), size: snapshot.size,
                        keeping: keep, table: table, now: now)
        return try read(options: .lines)
    }

    /// One line of the journal being compacted: where it lies, and the id of
    /// its record (nil for a line that holds no readable record).
    struct CompactedLine {
        var range: Range<Int>
        var id: String?
    }

    /// What a compaction wrote: the bytes `locks.jsonl` now holds, the
    /// checkpoint that starts them, and the ids of the lines kept after it, in order.
    struct Compacted {
        var journal: [UInt8]
        var checkpoint: LockEvent
        var kept: [String]
    }

    /// The compaction of `bytes` (the journal, `size` bytes long, its complete
    /// lines ending at `complete`), given each line's record id: the lines whose
    /// id is in `keep` stay, each id once; the rest, and a torn tail, go to the archive.
    /// Both the full path (ids from the decoded records) and the lock commands'
    /// cache (ids in the order it folded them, see `Locks.compactFromCache`) call it.
    func compact(_ bytes: [UInt8], lines: [CompactedLine], complete end: Int, size: Int64, keeping keep: Set<String>,
                 table: LockTable, now: Date) throws -> Compacted {
        let newline = UInt8(ascii: "\n")
        var kept: [UInt8] = []
        var keptIDs: [String] = []
        var keptSet: Set<String> = []
        var moved: [UInt8] = []
        var movedLines = 0
        for line in lines {
            if let id = line.id, keep.contains(id), keptSet.insert(id).inserted {
                kept += bytes[line.range]
                kept.append(newline)
                keptIDs.append(id)
            } else {
                moved += bytes[line.range]
                moved.append(newline)
                movedLines += 1
            }
        }
        if end < bytes.count {
            // A torn tail left by a writer that died: moved like any other line.
            moved += bytes[end...]
            moved.append(newline)
            movedLines += 1
        }
        // Past expiry and grace (a grant whose bound process ended is kept, as `recordIDsToKeep` keeps it).
        var closing = table.grants.values.filter { now >= $0.freeAt(grace: table.grace) }.sorted { $0.path < $1.path }.map {
            LockEvent(event: .expire, at: now, token: $0.token, path: $0.path, holder: $0.holder, expires: $0.expires)
        }
        for index in closing.indices {
            closing[index].id = try LockEvent.derivedID(closing[index], position: size, index: index)
        }
        moved += try Locks.journalLines(closing)
        let archiveName = LockArchive.name(for: now)
        var checkpoint = LockEvent(event: .checkpoint, at: now, token: table.highWater,
                                   archive: LockArchive.folder + "/" + archiveName, archived: movedLines + closing.count)
        checkpoint.id = try LockEvent.derivedID(checkpoint, position: size, index: closing.count)

        guard let folder = try directory.subdirectory(LockArchive.folder, create: true) else {
            throw CoordError.io("create the folder", path: directory.child(LockArchive.folder), errno: SystemCall.noSuchFile)
        }
        try folder.openOrCreate(archiveName, mode: .append).append(moved)
        let journal = try Locks.journalLines([checkpoint]) + kept
        try replace(with: journal)
        return Compacted(journal: journal, checkpoint: checkpoint, kept: keptIDs)
    }
}

extension RecordJournal where Record == LockEvent {
    /// The renewals a kept grant's intent comes from, when its latest renewal
    /// does not repeat it: a `renew` without an intent (written before renewals
    /// carried one) leaves the intent an earlier renewal set, and keeping only
    /// the acquire and the latest renewal would turn the intent back to the
    /// acquire's. The latest renewal that names an intent is kept too.
    static func intentRenewals(_ snapshot: JournalContents<LockEvent>, keeping table: LockTable, at now: Date) -> Set<String> {
        var latestNamed: [String: String] = [:]
        var silent: Set<String> = []
        for record in snapshot.records.lazy.map(\.value) where record.event == .renew {
            guard let path = record.path else { continue }
            let grant = path.key + "\t" + String(record.token)
            if record.intent != nil { latestNamed[grant] = record.id } else { silent.insert(record.id) }
        }
        guard !silent.isEmpty else { return [] }
        var ids: Set<String> = []
        for grant in table.allGrants where now < grant.freeAt(grace: table.grace) {
            guard let renewID = grant.renewID, silent.contains(renewID),
                  let named = latestNamed[grant.path.key + "\t" + String(grant.token)] else { continue }
            ids.insert(named)
        }
        return ids
    }
}

/// `.coordination/locks.jsonl`: every writer appends under the board lock, in
/// one write per command, so a multi-path grant lands whole or not at all.
/// Readers need no lock: appends are atomic and compaction replaces the file by rename.
public typealias LockJournal = RecordJournal<LockEvent>

extension RecordJournal where Record == LockEvent {
    public init(board: BoardDirectory) { self.init(directory: board) }
}

import CoordStorage
import FoundationEssentials

/// `.coordination/.state/locks.idx`: the fold of `locks.jsonl` as the last
/// lock command left it, so that `check`, `lock`, `unlock` and `renew` fold
/// only the lines written since, instead of decoding every record of the
/// journal, whose first JSON decode in a process costs more than the rest of
/// the command.
///
/// Only a cache, machine-local like the other files in `.state/`, and it never
/// changes an answer:
/// - it names how many bytes of `locks.jsonl` it covers (always the end of a
///   complete line) and the checksum of those bytes; it is used only while the
///   journal still starts with exactly those bytes. A compaction, a `git
///   checkout`, a restore or a hand edit of any covered byte makes it unusable,
///   and the journal is folded from the start as without it;
/// - the complete lines past what it covers are decoded and folded in, as the
///   fold would have reached them;
/// - it ends with a checksum of its own bytes, so a cache cut short by a crash,
///   or read while a writer rewrites it, is ignored.
/// Writers save it, inside the board lock, after their records are appended;
/// readers never write. Deleting it is always safe.
///
/// Plain text, one item a line, fields separated by tabs, text escaped (`Escaping`):
///
///     coord locks cache 1
///     covered BYTES  CHECKSUM  HIGH-WATER  LATEST
///     g  TOKEN  ROOT  COMPONENTS  HOLDER  SINCE  EXPIRES  TTL  INTENT  RENEWED  ACQUIRE-ID  RENEW-ID  [HOST:PID:STARTED]
///     c  ID                                   (a contested acquire, in fold order)
///     i  BYTES  r|s|-  ID                     (every record id, in the order of its first line: its
///                                             lines' bytes; a refusal, or a renewal naming no intent or ttl)
///     sum  CHECKSUM                           (of every byte above, as `CacheChecksum` computes it)
///
/// Instants are the bits of their `Double` in hex (exact); `-` marks an absent value
/// and `=` starts a present optional id.
struct LockStateCache {
    static let fileName = "locks.idx"
    static let header = "coord locks cache 3"

    /// The fold of the journal's first `covered` bytes.
    var table: LockTable
    /// Bytes of `locks.jsonl` folded in: always the end of a complete line.
    var covered: Int
    /// 64-bit FNV-1a of those bytes, the hash of `CacheChecksum`, kept as a
    /// number so that appended lines extend it.
    var checksum: UInt64
    /// The bytes of the lines carrying each record id (what compaction weighs).
    var recordBytes: [String: Int] = [:]
    /// The ids of `refuse` records.
    var refusals: Set<String> = []
    /// The ids of `renew` records that name no intent or no ttl (written by an
    /// older coord): a grant's state then depends on its earlier renewals,
    /// which only a compaction of the decoded journal keeps.
    var silentRenewals: Set<String> = []
    /// Every record id folded in (`table.recordIDs`), in the order first folded,
    /// which is the order of the journal's lines: the order the `i` rows are
    /// written in, and what compaction from the cache reads the lines' ids from.
    var order: [String] = []
    /// The latest `at` of any record folded in.
    var latest: Date?
    /// False once lines the saved file does not cover were folded in.
    var isSaved = true

    static let emptyChecksum: UInt64 = 0xcbf2_9ce4_8422_2325

    static func checksum(_ start: UInt64, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash = start
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        return hash
    }

    // MARK: Folding

    /// Folds `events` in, each with the bytes of its line (newline included).
    mutating func fold(_ event: LockEvent, lineBytes: Int) {
        if table.apply(event) { order.append(event.id) }
        recordBytes[event.id, default: 0] += lineBytes
        if event.event == .refuse { refusals.insert(event.id) }
        if event.event == .renew && (event.intent == nil || event.ttl == nil) { silentRenewals.insert(event.id) }
        if latest.map({ event.at > $0 }) ?? true { latest = event.at }
    }

    /// The state of a whole journal read with `LockJournal`: what folding it from the start gives.
    static func folding(_ snapshot: JournalContents<LockEvent>, grace: Int64) -> LockStateCache {
        var state = LockStateCache(table: LockTable(grace: grace), covered: 0, checksum: emptyChecksum, isSaved: false)
        state.fold(snapshot.lines.map { ($0.range.count + 1, $0.record.map { snapshot.records[$0].value }) })
        let end = snapshot.lines.last.map { $0.range.upperBound + 1 } ?? 0
        state.checksum = checksum(emptyChecksum, snapshot.bytes[..<end])
        state.covered = end
        return state
    }

    private mutating func fold(_ lines: [(bytes: Int, event: LockEvent?)]) {
        for line in lines {
            if let event = line.event { fold(event, lineBytes: line.bytes) }
        }
    }

    /// Folds in the complete lines of `journal` past `covered`.
    mutating func foldTail(of journal: [UInt8], path: String) throws {
        guard let last = journal.lastIndex(of: LineScanner.newline), last >= covered else { return }
        let tail = journal[covered ... last]
        let parsed = try LockJournal.parse(Array(tail), path: path, options: .lines)
        fold(parsed.lines.map { ($0.range.count + 1, $0.record.map { parsed.records[$0].value }) })
        checksum = Self.checksum(checksum, tail)
        covered = last + 1
        isSaved = false
    }

    /// Folds in `records` appended as `lines` (their bytes as written), read
    /// back the way `LockJournal` would read them.
    mutating func append(_ records: [LockEvent], lines: [UInt8]) {
        var start = 0
        var index = 0
        for (position, byte) in lines.enumerated() where byte == LineScanner.newline {
            if index < records.count { fold(Self.readBack(records[index]), lineBytes: position + 1 - start) }
            index += 1
            start = position + 1
        }
        checksum = Self.checksum(checksum, lines[...])
        covered += lines.count
    }

    /// `record` as decoding its line gives it back: instants to the millisecond
    /// and the path as its text reads.
    static func readBack(_ record: LockEvent) -> LockEvent {
        var copy = record
        copy.at = Timestamp.parse(Timestamp.utc(record.at), in: .utc) ?? record.at
        copy.expires = record.expires.map { Timestamp.parse(Timestamp.utc($0), in: .utc) ?? $0 }
        copy.path = record.path.flatMap { try? LockPath($0.description) }
        return copy
    }

    // MARK: Questions

    /// The bytes of history `Locks` weighs before compacting: the journal's
    /// `size` less the records of grants still blocking at `now`, and less the
    /// refusals up to `compactionBytes` of them.
    func history(size: Int64, at now: Date, compactionBytes: Int64) -> Int64 {
        let kept = table.recordIDsToKeep(at: now).reduce(0) { $0 + (recordBytes[$1] ?? 0) }
        let refused = refusals.reduce(0) { $0 + (recordBytes[$1] ?? 0) }
        return size - Int64(kept) - min(Int64(refused), compactionBytes)
    }

    // MARK: Files

    /// The saved state, checked against `journal` (the bytes of `locks.jsonl`
    /// now) and brought up to its last complete line; nil when there is no
    /// usable cache.
    ///
    /// `forQuestions` (a view such as `check`, which neither folds nor writes)
    /// leaves out the record ids when there is nothing past the cache to fold.
    static func current(for journal: [UInt8], board: BoardDirectory, grace: Int64,
                        forQuestions: Bool = false) throws -> LockStateCache? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let bytes = try? folder.read(fileName),
              var state = decode(bytes, grace: grace, recordIDs: !forQuestions),
              state.covered <= journal.count,
              state.covered == 0 || journal[state.covered - 1] == LineScanner.newline,
              checksum(emptyChecksum, journal[..<state.covered]) == state.checksum
        else { return nil }
        if forQuestions {
            guard journal[state.covered...].contains(LineScanner.newline) else { return state }
            guard let full = decode(bytes, grace: grace) else { return nil }
            state = full
        }
        try state.foldTail(of: journal, path: board.child(LockEvent.fileName))
        return state
    }

    /// The grants of the saved state and the latest instant it folded, when it
    /// covers every complete line of `journal` (nothing left to fold); nil
    /// otherwise. What `current(for:board:grace:forQuestions:)` would restore
    /// its table from, without the table.
    static func grants(for journal: [UInt8], board: BoardDirectory) -> (grants: [LockGrant], latest: Date?)? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let bytes = try? folder.read(fileName),
              let rows = rows(of: bytes, recordIDs: false),
              rows.covered <= journal.count,
              rows.covered == 0 || journal[rows.covered - 1] == LineScanner.newline,
              checksum(emptyChecksum, journal[..<rows.covered]) == rows.checksum,
              !journal[rows.covered...].contains(LineScanner.newline)
        else { return nil }
        return (rows.grants, rows.latest)
    }

    /// Saves the state in place, inside the board lock. A reader racing the
    /// write sees a cache whose checksum fails, and folds the journal instead;
    /// a board that cannot be written goes without.
    func save(to board: BoardDirectory) {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: true),
              let file = try? folder.openOrCreate(Self.fileName, mode: .readWrite)
        else { return }
        guard let bytes = encoded() else {
            _ = folder.remove(Self.fileName)
            return
        }
        do {
            try file.overwrite(bytes, at: 0)
            if try file.size() > Int64(bytes.count) { try file.truncate(to: Int64(bytes.count)) }
        } catch {
            _ = folder.remove(Self.fileName)
        }
    }
}

extension LockStateCache {
    /// The state of the journal `compacted` left, which held the lines of
    /// `previous` (see `Locks.compactFromCache`): the checkpoint, then the
    /// kept lines of the grants blocking at `now`, which folded give those
    /// grants as they were, under the checkpoint's high-water token.
    init(compacted: LockJournal.Compacted, from previous: LockStateCache, grace: Int64, at now: Date) {
        let checkpoint = Self.readBack(compacted.checkpoint)
        let grants = previous.table.allGrants.filter { now < $0.freeAt(grace: grace) }
        var ids = Set(compacted.kept)
        ids.insert(checkpoint.id)
        self.init(table: LockTable(restoring: Array(grants), highWater: checkpoint.token, contested: [], recordIDs: ids, grace: grace),
                  covered: compacted.journal.count,
                  checksum: Self.checksum(Self.emptyChecksum, compacted.journal[...]),
                  isSaved: false)
        order = [checkpoint.id] + compacted.kept
        recordBytes[checkpoint.id] = (compacted.journal.firstIndex(of: LineScanner.newline) ?? 0) + 1
        for id in compacted.kept { recordBytes[id] = previous.recordBytes[id] }
        refusals = previous.refusals.intersection(compacted.kept)
        silentRenewals = previous.silentRenewals.intersection(compacted.kept)
        // Every kept record is older than the checkpoint, written at `now`.
        latest = checkpoint.at
    }
}

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

    // MARK: Text

    /// The text of the cache; nil if `order` does not account for every record
    /// id (never so for a state folded or restored here), since the `i` rows
    /// must keep the journal's order.
    func encoded() -> [UInt8]? {
        guard order.count == table.recordIDs.count else { return nil }
        // Built as bytes, field by field: lock writers save it on every call.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + 160 * table.grantCount + 40 * table.recordIDs.count)
        func add(_ text: String) { bytes.append(contentsOf: text.utf8) }
        func field(_ text: String) {
            bytes.append(UInt8(ascii: "\t"))
            bytes.append(contentsOf: text.utf8)
        }
        func escaped(_ text: String) { field(Self.escape(text)) }
        add(Self.header)
        add("\ncovered")
        field(String(covered))
        field(String(checksum, radix: 16))
        field(String(table.highWater))
        field(Self.text(latest))
        for grant in table.allGrants.sorted(by: { $0.token < $1.token || ($0.token == $1.token && $0.path < $1.path) }) {
            add("\ng")
            field(String(grant.token))
            escaped(grant.path.root)
            bytes.append(UInt8(ascii: "\t"))
            for (position, component) in grant.path.components.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: "/")) }
                bytes.append(contentsOf: Self.escape(component).utf8)
            }
            escaped(grant.holder)
            field(Self.text(grant.since))
            field(Self.text(grant.expires))
            field(String(grant.ttl))
            escaped(grant.intent)
            field(Self.text(grant.renewed))
            escaped(grant.acquireID)
            field(grant.renewID.map { "=" + Self.escape($0) } ?? "-")
            if let process = grant.process { escaped(Self.text(process)) }
        }
        for id in table.contested {
            add("\nc")
            escaped(id)
        }
        // In the order folded, which is the journal's (a claim-heavy board carries
        // a few hundred ids, and sorting them cost more than the rest of the save).
        for id in order {
            add("\ni")
            field(String(recordBytes[id] ?? 0))
            field(refusals.contains(id) ? "r" : silentRenewals.contains(id) ? "s" : "-")
            escaped(id)
        }
        bytes.append(LineScanner.newline)
        add("sum " + Self.hex(Self.checksum(Self.emptyChecksum, bytes[...])) + "\n")
        return bytes
    }

    /// `Escaping.escape`, skipped for the usual text that needs nothing: a
    /// printable ASCII byte other than the backslash stays as it is.
    private static func escape(_ text: String) -> String {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F || byte == UInt8(ascii: "\\") {
            return Escaping.escape(text)
        }
        return text
    }

    /// 16 hex digits, as `CacheChecksum` prints its hash.
    static func hex(_ hash: UInt64) -> String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// `Escaping.unescape`, skipped for the usual text that has nothing escaped.
    private static func unescape(_ text: String) -> String {
        for byte in text.utf8 where byte == UInt8(ascii: "\\") { return Escaping.unescape(text) }
        return text
    }

    private static func text(_ date: Date?) -> String {
        guard let date else { return "-" }
        return String(date.timeIntervalSinceReferenceDate.bitPattern, radix: 16)
    }

    private static func date(_ text: String) -> Date? {
        guard let bits = UInt64(text, radix: 16) else { return nil }
        return Date(timeIntervalSinceReferenceDate: Double(bitPattern: bits))
    }

    /// A grant's process binding as `HOST:PID:STARTED` (the optional 13th field of a `g` line).
    private static func text(_ process: HolderProcess) -> String {
        "\(process.host):\(process.pid):\(process.started)"
    }

    private static func process(_ text: String) -> HolderProcess? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let pid = Int32(parts[1]), let started = UInt64(parts[2]) else { return nil }
        return HolderProcess(host: String(parts[0]), pid: pid, started: started)
    }

    /// `text` as an optional instant: `-` is absent; nil (the outer) when malformed.
    private static func optionalDate(_ text: String) -> Date?? {
        text == "-" ? .some(nil) : date(text).map { .some($0) }
    }

    /// The cache in `bytes`, or nil when it is not an intact one.
    ///
    /// Without `recordIDs`, the `i` lines are left unread: a table for
    /// questions only (who holds what), which cannot fold further records or
    /// weigh history, and spares a view the cost of a set of every record id.
    static func decode(_ bytes: [UInt8], grace: Int64, recordIDs: Bool = true) -> LockStateCache? {
        guard let rows = rows(of: bytes, recordIDs: recordIDs) else { return nil }
        let table = LockTable(restoring: rows.grants, highWater: rows.highWater, contested: rows.contested,
                              recordIDs: rows.ids, grace: grace)
        return LockStateCache(table: table, covered: rows.covered, checksum: rows.checksum, recordBytes: rows.recordBytes,
                              refusals: rows.refusals, silentRenewals: rows.silentRenewals, order: rows.order,
                              latest: rows.latest, isSaved: true)
    }

    /// What an intact cache says, before a table is built from it.
    struct Rows {
        var covered: Int
        var checksum: UInt64
        var highWater: Int64
        var latest: Date?
        var grants: [LockGrant] = []
        var contested: [String] = []
        var ids: Set<String> = []
        var recordBytes: [String: Int] = [:]
        var refusals: Set<String> = []
        var silentRenewals: Set<String> = []
        var order: [String] = []
    }

    /// The rows of the cache in `bytes`, or nil when it is not an intact one (see `decode`).
    static func rows(of bytes: [UInt8], recordIDs: Bool) -> Rows? {
        var lines = LineScanner.lines(of: bytes)
        guard let first = lines.first, first.bytes.elementsEqual(header.utf8),
              let last = lines.popLast(), last.bytes.starts(with: "sum ".utf8),
              last.bytes.dropFirst(4).elementsEqual(hex(checksum(emptyChecksum, bytes[..<Int(last.offset)])).utf8),
              lines.count >= 2
        else { return nil }
        let head = fields(lines[1])
        guard head.count == 5, head[0] == "covered", let covered = Int(head[1]), covered >= 0,
              let checksum = UInt64(head[2], radix: 16), let highWater = Int64(head[3]), let latest = optionalDate(head[4])
        else { return nil }
        var rows = Rows(covered: covered, checksum: checksum, highWater: highWater, latest: latest)
        if recordIDs {
            // Nearly every row is an `i` row: sized once instead of grown by doubling.
            rows.ids.reserveCapacity(lines.count)
            rows.recordBytes.reserveCapacity(lines.count)
            rows.order.reserveCapacity(lines.count)
        }
        for line in lines.dropFirst(2) {
            if line.bytes.first == UInt8(ascii: "i") {
                guard recordIDs else { continue }
                guard let record = recordRow(line.bytes) else { return nil }
                if rows.ids.insert(record.id).inserted { rows.order.append(record.id) }
                rows.recordBytes[record.id] = record.bytes
                switch record.flag {
                case UInt8(ascii: "r"): rows.refusals.insert(record.id)
                case UInt8(ascii: "s"): rows.silentRenewals.insert(record.id)
                default: break
                }
                continue
            }
            let row = fields(line)
            switch row.first {
            case "g":
                guard row.count == 12 || row.count == 13, let token = Int64(row[1]), let since = date(row[5]), let expires = date(row[6]),
                      let ttl = Int64(row[7]), let renewed = optionalDate(row[9])
                else { return nil }
                let components = unescape(row[3])
                let path = LockPath(restoringRoot: unescape(row[2]), components: split(components))
                let renewID: String?
                if row[11] == "-" {
                    renewID = nil
                } else if row[11].hasPrefix("=") {
                    renewID = unescape(String(row[11].dropFirst()))
                } else {
                    return nil
                }
                var grant = LockGrant(path: path, holder: unescape(row[4]), token: token, since: since, expires: expires,
                                      ttl: ttl, intent: unescape(row[8]), renewed: renewed,
                                      acquireID: unescape(row[10]), renewID: renewID)
                if row.count == 13 {
                    guard let process = process(unescape(row[12])) else { return nil }
                    grant.process = process
                }
                rows.grants.append(grant)
            case "c":
                guard row.count == 2 else { return nil }
                rows.contested.append(unescape(row[1]))
            default:
                return nil
            }
        }
        return rows
    }

    /// An `i` row (`i  BYTES  r|s|-  ID`), read straight from its bytes: the most
    /// numerous rows (one per record since the last compaction, fence records
    /// of task claims among them), so no field becomes a `String` but the id.
    private static func recordRow(_ bytes: ArraySlice<UInt8>) -> (bytes: Int, flag: UInt8, id: String)? {
        let tab = UInt8(ascii: "\t")
        var index = bytes.startIndex
        guard bytes.count >= 6, bytes[index] == UInt8(ascii: "i"), bytes[index + 1] == tab else { return nil }
        index += 2
        var count = 0
        var digits = 0
        while index < bytes.endIndex, bytes[index] != tab {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10, digits < 18 else { return nil }
            count = count * 10 + Int(digit)
            digits += 1
            index += 1
        }
        guard digits > 0, index + 2 < bytes.endIndex, bytes[index + 2] == tab else { return nil }
        let flag = bytes[index + 1]
        guard flag == UInt8(ascii: "r") || flag == UInt8(ascii: "s") || flag == UInt8(ascii: "-") else { return nil }
        let id = bytes[(index + 3)...]
        guard !id.contains(tab) else { return nil }
        return (count, flag, unescape(String(decoding: id, as: UTF8.self)))
    }

    /// The components of a path written with `/` between them.
    private static func split(_ text: String) -> [String] {
        var components: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            if byte == UInt8(ascii: "/") {
                components.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        if !text.isEmpty { components.append(String(decoding: current, as: UTF8.self)) }
        return components
    }

    private static func fields(_ line: FileLine) -> [String] {
        var fields: [String] = []
        var start = line.bytes.startIndex
        for index in line.bytes.indices where line.bytes[index] == UInt8(ascii: "\t") {
            fields.append(String(decoding: line.bytes[start ..< index], as: UTF8.self))
            start = index + 1
        }
        fields.append(String(decoding: line.bytes[start...], as: UTF8.self))
        return fields
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

extension LockPath {
    /// A path exactly as a cache recorded it (the fold's own value, not re-normalised).
    fileprivate init(restoringRoot root: String, components: [String]) {
        self.root = root
        self.components = components
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

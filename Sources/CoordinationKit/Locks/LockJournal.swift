import CoordStorage
import FoundationEssentials

/// `.coordination/locks.jsonl` and its archive, `.coordination/archive/locks-YYYY-MM.jsonl`.
///
/// Every writer appends under the board lock, in one write per command, so a
/// multi-path grant lands whole or not at all. Readers need no lock: appends
/// are atomic and compaction replaces the file by rename.
public struct LockJournal: Sendable {
    public static let fileName = "locks.jsonl"
    public static let archiveFolder = "archive"

    public let board: BoardDirectory

    public init(board: BoardDirectory) { self.board = board }

    /// What the journal held when read: its records and the lines they came from.
    public struct Snapshot: Sendable {
        public var events: [LockEvent]
        /// The raw bytes: compaction moves lines as they are, so unknown fields
        /// and lines no reader understands are never rewritten or lost.
        var bytes: [UInt8]
        /// Each complete line's byte range and, when it is a record, its index in `events`.
        var lines: [(range: Range<Int>, event: Int?)]
        public var size: Int64 { Int64(bytes.count) }
        /// Lines that were not lock records (torn, hand-mangled); `coord doctor` lists them.
        public var skipped: Int

        /// Bytes taken by the records with these ids (with their newlines).
        func bytes(of ids: Set<String>) -> Int {
            lines.reduce(0) { total, line in
                guard let index = line.event, ids.contains(events[index].id) else { return total }
                return total + line.range.count + 1
            }
        }
    }

    /// Reads every complete record. One JSON parse per line, and nothing else:
    /// this is the hot path of every lock command.
    public func read() throws -> Snapshot {
        guard let bytes = try board.read(Self.fileName) else { return Snapshot(events: [], bytes: [], lines: [], skipped: 0) }
        return try Self.parse(bytes, path: board.child(Self.fileName))
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> Snapshot {
        let decoder = JSONDecoder()
        var events: [LockEvent] = []
        var lines: [(range: Range<Int>, event: Int?)] = []
        var skipped = 0
        for line in LineScanner.lines(of: bytes) {
            let range = line.bytes.startIndex ..< line.bytes.endIndex
            guard let event = try? decoder.decode(LockEvent.self, from: Data(line.bytes)) else {
                if !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { skipped += 1 }
                lines.append((range, nil))
                continue
            }
            if event.version > LockEvent.formatVersion {
                throw CoordError.unsupportedFormat(path: path, found: event.version, supported: LockEvent.formatVersion)
            }
            lines.append((range, events.count))
            events.append(event)
        }
        return Snapshot(events: events, bytes: bytes, lines: lines, skipped: skipped)
    }

    /// Appends `events` in one write (each a line with sorted keys and `"v"`).
    /// Inside the board lock only.
    func append(_ events: [LockEvent]) throws {
        guard !events.isEmpty else { return }
        try board.openOrCreate(Self.fileName, mode: .append).append(try Self.lines(events))
    }

    static func lines(_ events: [LockEvent]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        for event in events {
            bytes += try BoardJSON.line(event)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// The archive file for records compacted at `now` (one per UTC month).
    static func archiveName(for now: Date) -> String {
        "locks-" + String(Timestamp.utc(now).prefix(7)) + ".jsonl"
    }
}

import CoordStorage
import FoundationEssentials

/// `.coordination/.state/tasks.tail`: the records of `tasks.jsonl` past the
/// checkpoint, already decoded, so that a task command does not start a JSON
/// decoder for the dozen lines a checkpoint leaves behind (starting one costs
/// more than a whole claim's other work).
///
/// It is keyed by the journal bytes it stands for, not by a checkpoint: where
/// they start, how many there are and their checksum. A reader reads those
/// bytes anyway; when they match, the records are what decoding those lines
/// gives, since decoding a line depends on nothing but its bytes. The cache
/// may cover only the first lines of the tail (a line appended by hand or by an
/// older coord): the reader decodes the rest. Anything else (another start, a
/// checksum that fails, a file cut short, another format) and the reader
/// decodes the lines itself. Deleting it is always safe.
///
/// Writers overwrite it in place under the board lock after their append (a
/// reader that reads it half-written fails its checksum), from the
/// records they read and the ones they wrote, with each instant as reading it
/// back from the line gives it; readers never write it. It holds only tails
/// whose every line is one record (no blank, torn or skipped line).
///
/// It also says which checkpoint's list of folded record ids (its `seen`
/// section, by checksum) none of its records is in: the writer checked the
/// records it read against that list, and the ones it wrote are new. A reader
/// of the same checkpoint then need not check the whole tail again, which
/// would mean summing the list (over 300 KiB with 40,000 records folded).
enum TaskTailCache {
    static let fileName = "tasks.tail"
    static let magic = Array("coord task tail\n".utf8)
    static let formatVersion: UInt32 = 2

    /// What a cache holds for the tail it was asked about.
    struct Cached {
        var events: [TaskEvent]
        /// How many bytes of the tail `events` stand for.
        var length: Int
        /// The sum of the checkpoint `seen` section none of `events` is in; nil when not known.
        var unseenIn: UInt64?
    }
    /// Larger files are not read: the tail past a checkpoint is a few KiB.
    static let largest: Int64 = 1 << 20

    /// The records decoding the lines of `tail` gives (the journal's bytes
    /// from `start`), from the cache for the lines it covers and decoded for
    /// the rest; nil when the cache covers none of them.
    /// With them, the sum of the `seen` section none of them is in, when the
    /// cache covers the whole tail and says so.
    static func events(_ board: BoardDirectory, start: Int64, tail: [UInt8], path: String) throws
        -> (events: [TaskEvent], unseenIn: UInt64?)? {
        guard let cached = read(board, start: start, tail: tail) else { return nil }
        if cached.length == tail.count { return (cached.events, cached.unseenIn) }
        return (cached.events + (try TaskJournal.parse(Array(tail[cached.length...]), path: path).values), nil)
    }

    /// The cached records and how many bytes of `tail` they stand for.
    static func read(_ board: BoardDirectory, start: Int64, tail: [UInt8]) -> Cached? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let file = try? folder.openFile(fileName, mode: .readOnly),
              let size = try? file.size(), size > 8, size <= largest,
              let bytes = try? file.read(0 ..< size), Int64(bytes.count) == size
        else { return nil }
        return try? bytes.withUnsafeBytes { whole -> Cached in
            let body = UnsafeRawBufferPointer(rebasing: whole[..<(whole.count - 8)])
            guard CheckpointSum.of(body) == UInt64(littleEndian: whole.loadUnaligned(fromByteOffset: body.count, as: UInt64.self)),
                  body.count >= magic.count, magic.elementsEqual(body[..<magic.count])
            else { throw CheckpointReader.Damaged() }
            var reader = CheckpointReader(body, at: magic.count)
            guard try reader.u32() == formatVersion, try reader.i64() == start else { throw CheckpointReader.Damaged() }
            let length = try reader.int()
            guard length > 0, length <= tail.count, tail[length - 1] == LineScanner.newline,
                  try reader.u64() == CheckpointSum.of(tail[..<length])
            else { throw CheckpointReader.Damaged() }
            let vouched = try reader.u8()
            let unseenIn = try reader.u64()
            guard vouched <= 1 else { throw CheckpointReader.Damaged() }
            let count = Int(try reader.u32())
            guard count <= length else { throw CheckpointReader.Damaged() }
            var events: [TaskEvent] = []
            events.reserveCapacity(count)
            for _ in 0 ..< count { events.append(try decode(&reader)) }
            guard reader.isAtEnd else { throw CheckpointReader.Damaged() }
            return Cached(events: events, length: length, unseenIn: vouched == 1 ? unseenIn : nil)
        }
    }

    /// Writes the cache of `events` for `tail`, the journal's bytes from
    /// `start`, when every line of `tail` is one of them. A cache: a failure leaves
    /// a file that no longer matches the journal (or none), which readers ignore.
    /// `unseenIn`: the sum of the checkpoint `seen` section none of `events` is in, when known.
    static func write(_ board: BoardDirectory, start: Int64, tail: [UInt8], events: [TaskEvent], unseenIn: UInt64? = nil) {
        guard !tail.isEmpty, tail.last == LineScanner.newline, tail.count(where: { $0 == LineScanner.newline }) == events.count
        else { return }
        var writer = CheckpointWriter()
        writer.bytes = magic
        writer.bytes.reserveCapacity(tail.count + 64)
        writer.u32(formatVersion)
        writer.i64(start)
        writer.int(tail.count)
        writer.u64(CheckpointSum.of(tail))
        writer.u8(unseenIn == nil ? 0 : 1)
        writer.u64(unseenIn ?? 0)
        writer.u32(UInt32(events.count))
        for event in events { encode(event, into: &writer) }
        writer.u64(CheckpointSum.of(writer.bytes))
        // Overwritten in place, as `locks.idx` is: a create and a rename cost a claim more than the
        // rest of this write. A reader that meets a half-written file fails its checksum and decodes the lines.
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: true),
              let file = try? folder.openOrCreate(fileName, mode: .readWrite)
        else { return }
        do {
            try file.overwrite(writer.bytes, at: 0)
            if try file.size() > Int64(writer.bytes.count) { try file.truncate(to: Int64(writer.bytes.count)) }
        } catch {
            _ = folder.remove(fileName)
        }
    }

    /// `event` as reading its line back gives it: instants at the precision
    /// the journal writes them (`Timestamp.utc`), read as `decodeInstant` reads them.
    static func asRead(_ event: TaskEvent) -> TaskEvent? {
        func instant(_ date: Date) -> Date? { Timestamp.parse(Timestamp.utc(date), in: .utc) }
        var read = event
        guard let at = instant(event.at) else { return nil }
        read.at = at
        if let due = event.due {
            guard let instant = instant(due) else { return nil }
            read.due = instant
        }
        if let expires = event.expires {
            guard let instant = instant(expires) else { return nil }
            read.expires = instant
        }
        read.version = TaskEvent.formatVersion
        return read
    }

    // MARK: Records

    static func encode(_ event: TaskEvent, into writer: inout CheckpointWriter) {
        writer.string(event.id)
        writer.string(event.event.rawValue)
        writer.date(event.at)
        writer.string(event.task)
        writer.string(event.actor)
        writer.string(event.title)
        writer.string(event.body)
        strings(event.after, into: &writer)
        writer.bool(event.priority != nil)
        if let priority = event.priority { writer.int(priority) }
        writer.date(event.due)
        strings(event.paths, into: &writer)
        writer.string(event.domain)
        strings(event.tags, into: &writer)
        writer.bool(event.token != nil)
        if let token = event.token { writer.i64(token) }
        writer.date(event.expires)
        writer.bool(event.ttl != nil)
        if let ttl = event.ttl { writer.i64(ttl) }
        writer.u8(event.locked.map { $0 ? 1 : 0 } ?? 2)
        writer.string(event.note)
        writer.string(event.reason)
        writer.string(event.key)
        writer.bool(event.process != nil)
        if let process = event.process {
            writer.string(process.host)
            writer.u32(UInt32(bitPattern: process.pid))
            writer.u64(process.started)
        }
        writer.int(event.version)
    }

    static func decode(_ reader: inout CheckpointReader) throws -> TaskEvent {
        let id = try reader.string()
        let kind = TaskEvent.Kind(rawValue: try reader.string())
        let at = try reader.date()
        var event = TaskEvent(id: id, event: kind, at: at, task: try reader.string(), actor: try reader.string())
        event.title = try reader.optionalString()
        event.body = try reader.optionalString()
        event.after = try strings(&reader)
        event.priority = try reader.bool() ? try reader.int() : nil
        event.due = try reader.optionalDate()
        event.paths = try strings(&reader)
        event.domain = try reader.optionalString()
        event.tags = try strings(&reader)
        event.token = try reader.bool() ? try reader.i64() : nil
        event.expires = try reader.optionalDate()
        event.ttl = try reader.bool() ? try reader.i64() : nil
        switch try reader.u8() {
        case 0: event.locked = false
        case 1: event.locked = true
        case 2: event.locked = nil
        default: throw CheckpointReader.Damaged()
        }
        event.note = try reader.optionalString()
        event.reason = try reader.optionalString()
        event.key = try reader.optionalString()
        if try reader.bool() {
            event.process = HolderProcess(host: try reader.string(), pid: Int32(bitPattern: try reader.u32()), started: try reader.u64())
        }
        event.version = try reader.int()
        return event
    }

    private static func strings(_ values: [String]?, into writer: inout CheckpointWriter) {
        writer.bool(values != nil)
        if let values { writer.strings(values) }
    }

    private static func strings(_ reader: inout CheckpointReader) throws -> [String]? {
        try reader.bool() ? try reader.strings() : nil
    }
}

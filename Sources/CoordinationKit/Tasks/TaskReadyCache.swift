import CoordStorage
import FoundationEssentials

/// `.coordination/.state/tasks.ready`: the checkpoint's unblocked tasks in
/// ready order, so that `task claim --next` reads the first few entries of a
/// short list, and `tasks --ready` the list, instead of every open task, their
/// dependencies and the sum of the whole open index.
///
/// Unblocked means what the checkpoint says of a task when it is ready but
/// for its claim: open, and every dependency done. The claim is left to the
/// reader, who knows the time: each entry is a copy of the task's open-index
/// entry (`TaskOpenIndex`), claim expiry and record checksum included. The
/// list is in `TaskQueue.precedes` order (priority, due time, age, number).
///
/// It stands for one checkpoint, named by the checksum of its header (which
/// covers every section's checksum), and is ignored for any other. It says
/// nothing of the journal past the checkpoint: a reader uses it only when the
/// records there are claims, renewals and releases, which change no task's
/// stage or dependencies, and folds those onto the tasks they touch; any other
/// record (a task finished, added, linked, blocked…) and the reader scans the
/// open index as before. Deleting the file is always safe.
///
///     magic, u32 format, u64 checkpoint, u32 entries, strings domains,
///     u64 sum of the number table, u32 blocks, u64 sum of each block of 64 entries,
///     u64 sum of all the above,
///     entries × 68 bytes (open-index entries, ready order),
///     entries × (u32 number, u32 position in the list), by number
///
/// A reader checks a block of entries the first time it reads one, so a claim
/// that finds its task among the first entries sums only those.
///
/// Written only by `task claim --next` (under the board lock, after its
/// append) when the checkpoint it finds has no list yet, and replaced whole by
/// rename, never in place.
struct TaskReadyCache {
    static let fileName = "tasks.ready"
    static let magic = Array("coord task ready\n".utf8)
    static let formatVersion: UInt32 = 1
    static let blockSize = 64

    private let mapping: FileMapping
    let count: Int
    let domains: [String]
    private let blockSums: [UInt64]
    private var checked: [Bool]
    private let entries: Int
    private let numbers: Int

    /// The list of the checkpoint whose header sum is `checkpoint`, when the
    /// file is there, is for it and passes its checks (each block of entries is
    /// checked when first read).
    static func open(_ board: BoardDirectory, for checkpoint: UInt64) -> TaskReadyCache? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let file = try? folder.openFile(fileName, mode: .readOnly),
              let mapping = try? file.mapped()
        else { return nil }
        return try? TaskReadyCache(mapping, for: checkpoint)
    }

    private init(_ mapping: FileMapping, for checkpoint: UInt64) throws {
        let raw = mapping.bytes
        guard raw.count > Self.magic.count, raw.starts(with: Self.magic) else { throw CheckpointReader.Damaged() }
        var reader = CheckpointReader(raw, at: Self.magic.count)
        guard try reader.u32() == Self.formatVersion, try reader.u64() == checkpoint else { throw CheckpointReader.Damaged() }
        let count = Int(try reader.u32())
        let domains = try reader.strings()
        let numberSum = try reader.u64()
        let blocks = Int(try reader.u32())
        guard count <= raw.count / TaskOpenIndex.entrySize, blocks == (count + Self.blockSize - 1) / Self.blockSize else {
            throw CheckpointReader.Damaged()
        }
        var sums: [UInt64] = []
        sums.reserveCapacity(blocks)
        for _ in 0 ..< blocks { sums.append(try reader.u64()) }
        let headerEnd = reader.position
        guard try reader.u64() == CheckpointSum.of(UnsafeRawBufferPointer(rebasing: raw[..<headerEnd])) else {
            throw CheckpointReader.Damaged()
        }
        entries = reader.position
        numbers = entries + count * TaskOpenIndex.entrySize
        guard numbers + count * 8 == raw.count,
              CheckpointSum.of(UnsafeRawBufferPointer(rebasing: raw[numbers...])) == numberSum
        else { throw CheckpointReader.Damaged() }
        self.mapping = mapping
        self.count = count
        self.domains = domains
        blockSums = sums
        checked = [Bool](repeating: false, count: blocks)
    }

    /// The bytes of entry `position` (checking its block first), as `TaskOpenIndex` lays them out.
    mutating func entry(_ position: Int) throws -> UnsafeRawBufferPointer {
        let block = position / Self.blockSize
        let start = entries + position * TaskOpenIndex.entrySize
        if !checked[block] {
            let end = entries + min(count, (block + 1) * Self.blockSize) * TaskOpenIndex.entrySize
            let first = entries + block * Self.blockSize * TaskOpenIndex.entrySize
            guard CheckpointSum.of(UnsafeRawBufferPointer(rebasing: mapping.bytes[first ..< end])) == blockSums[block] else {
                throw CheckpointReader.Damaged()
            }
            checked[block] = true
        }
        return UnsafeRawBufferPointer(rebasing: mapping.bytes[start ..< start + TaskOpenIndex.entrySize])
    }

    /// Where in the list task `number` is; nil when it is not unblocked in the checkpoint.
    func position(of number: Int) -> Int? {
        let raw = mapping.bytes
        func load(_ index: Int, _ field: Int) -> Int {
            Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: numbers + index * 8 + field, as: UInt32.self)))
        }
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            let found = load(middle, 0)
            if found == number { return load(middle, 4) }
            if found < number { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    // MARK: Writing

    private struct Row: ReadyOrdered {
        var priority: Int
        var due: Date?
        var created: Date
        var number: Int
        var position: Int
    }

    /// The list of `checkpoint` (whose header sum is `identity`); nil when its open index is not usable.
    static func encode(for checkpoint: TaskQueueLoader.Checkpoint, identity: UInt64) throws -> [UInt8]? {
        let header = checkpoint.header
        guard let index = try TaskOpenIndex(try checkpoint.span(.openIndex)),
              index.count == header.sections[TaskCheckpoint.Part.open.rawValue].count
        else { return nil }
        // Every task's stage by number: the closed index, then the open entries (tasks closed since the last full save among them).
        // (Plain loops over the bytes through buffer pointers, as `ready(from:)` reads them: 10,000 entries.)
        var stages = [UInt8](repeating: 0xFF, count: header.highestNumber + 1)
        try checkpoint.span(.closedIndex).withUnsafeBytes { raw in
            for entry in 0 ..< raw.count / 8 {
                let number = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: entry * 8, as: UInt32.self)))
                guard number < stages.count else { throw CheckpointReader.Damaged() }
                stages[number] = raw[entry * 8 + 4]
            }
        }
        var rows: [Row] = []
        try index.bytes.withUnsafeBytes { raw in
            try stages.withUnsafeMutableBufferPointer { stages in
                func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
                func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
                for position in 0 ..< index.count {
                    let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                    let number = u32(base)
                    guard number < stages.count else { throw CheckpointReader.Damaged() }
                    stages[number] = raw[base + 4]
                }
                let dependencyBase = TaskOpenIndex.headerSize + index.count * TaskOpenIndex.entrySize
                entries: for position in 0 ..< index.count {
                    let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                    guard raw[base + 4] == 0 else { continue }
                    let (first, count) = (u32(base + 44), u32(base + 48))
                    guard first + count <= index.dependencyCount else { throw CheckpointReader.Damaged() }
                    for dependency in first ..< first + count {
                        let required = u32(dependencyBase + dependency * 4)
                        guard required < stages.count, stages[required] == 1 else { continue entries }
                    }
                    let due = Date(timeIntervalSinceReferenceDate: Double(bitPattern: u64(base + 16)))
                    rows.append(Row(priority: Int(Int64(bitPattern: u64(base + 8))), due: raw[base + 5] & 1 != 0 ? due : nil,
                                    created: Date(timeIntervalSinceReferenceDate: Double(bitPattern: u64(base + 24))),
                                    number: u32(base), position: position))
                }
            }
        }
        rows.sort { TaskQueue.precedes($0, $1) }

        var body = CheckpointWriter()
        body.bytes.reserveCapacity(rows.count * (TaskOpenIndex.entrySize + 8))
        index.bytes.withUnsafeBytes { raw in
            for row in rows {
                let base = TaskOpenIndex.headerSize + row.position * TaskOpenIndex.entrySize
                body.append(raw, base ..< base + TaskOpenIndex.entrySize)
            }
        }
        var blockSums: [UInt64] = []
        for first in stride(from: 0, to: rows.count, by: blockSize) {
            let end = min(rows.count, first + blockSize)
            blockSums.append(CheckpointSum.of(body.bytes[first * TaskOpenIndex.entrySize ..< end * TaskOpenIndex.entrySize]))
        }
        // (number, place in the list) by number: as a UInt64 each, sorted as integers.
        var pairs = [UInt64](repeating: 0, count: rows.count)
        for listed in rows.indices { pairs[listed] = UInt64(rows[listed].number) << 32 | UInt64(listed) }
        pairs.sort()
        var table = CheckpointWriter()
        table.bytes.reserveCapacity(pairs.count * 8)
        for pair in pairs {
            table.u32(UInt32(truncatingIfNeeded: pair >> 32))
            table.u32(UInt32(truncatingIfNeeded: pair))
        }
        var writer = CheckpointWriter()
        writer.bytes = magic
        writer.u32(formatVersion)
        writer.u64(identity)
        writer.u32(UInt32(rows.count))
        writer.strings(index.domains)
        writer.u64(CheckpointSum.of(table.bytes))
        writer.u32(UInt32(blockSums.count))
        for sum in blockSums { writer.u64(sum) }
        writer.u64(CheckpointSum.of(writer.bytes))
        return writer.bytes + body.bytes + table.bytes
    }

    /// Writes the list of the board's checkpoint when the file holds none for
    /// it. A cache: any failure leaves things as they were.
    static func save(_ board: BoardDirectory) {
        guard let checkpoint = TaskQueueLoader.open(board), open(board, for: checkpoint.identity) == nil,
              let bytes = try? encode(for: checkpoint, identity: checkpoint.identity),
              let folder = try? board.subdirectory(BulletinIndex.folder, create: true)
        else { return }
        try? folder.replace(fileName, with: bytes)
    }
}

import FoundationEssentials

/// The checkpoint's open index: what readiness and the ready order need of
/// each open task, in fixed-width entries read in place.
///
///     u8 usable, u32 entries, u32 dependencies, u32 domains,
///     entries × 56 bytes, dependencies × u32 (task numbers), domains (strings)
///
/// An entry: u32 number, u8 stage, u8 flags (1 due, 2 claim, 4 domain, 8 claim bound to a process), u16 0,
/// i64 priority, u64 due, u64 created, u64 claim expiry (instants as `Double`
/// bits), u32 record offset in the open section, u32 first dependency,
/// u32 dependency count, u32 domain, u32 record length, u64 record checksum
/// (so one record can be read and checked alone). Usable only when every open task and
/// every dependency has a canonical id (`T-` and at least three digits), so
/// that a number names exactly one task; otherwise readers take the full path.
struct TaskOpenIndex {
    static let entrySize = 68
    static let headerSize = 13

    static func encode(_ tasks: [(task: WorkTask, offset: Int)], records: [UInt8]) -> [UInt8] {
        var entries = CheckpointWriter()
        var dependencies = CheckpointWriter()
        var dependencyCount = 0
        var domains: [String] = []
        for (position, (task, offset)) in tasks.enumerated() {
            let end = position + 1 < tasks.count ? tasks[position + 1].offset : records.count
            guard let added = append(task, record: (offset, end - offset, CheckpointSum.of(records[offset ..< end])),
                                     firstDependency: dependencyCount, domains: &domains, entries: &entries,
                                     dependencies: &dependencies)
            else { return unusable }
            dependencyCount += added
        }
        return assemble(count: tasks.count, dependencyCount: dependencyCount, domains: domains, entries: entries.bytes,
                        dependencies: dependencies.bytes)
    }

    /// The index of a checkpoint whose open tasks are not all canonical.
    static let unusable: [UInt8] = [0]

    /// Appends `task`'s entry (its record at `record` in the open section) and
    /// its dependencies; the number of dependencies, or nil when the task or
    /// one of them has no canonical id (the index is then not usable).
    static func append(_ task: WorkTask, record: (offset: Int, length: Int, sum: UInt64), firstDependency: Int,
                       domains: inout [String], entries: inout CheckpointWriter, dependencies: inout CheckpointWriter) -> Int? {
        let numbers = task.after.map(canonicalNumber)
        guard let number = canonicalNumber(task.id), !numbers.contains(nil), record.offset <= Int(UInt32.max),
              record.length <= Int(UInt32.max)
        else { return nil }
        var flags: UInt8 = 0
        if task.due != nil { flags |= 1 }
        if task.claim != nil { flags |= 2 }
        if task.claim?.process != nil { flags |= 8 }
        var domainIndex = 0
        if let domain = task.domain {
            flags |= 4
            if let existing = domains.firstIndex(of: domain) {
                domainIndex = existing
            } else {
                domainIndex = domains.count
                domains.append(domain)
            }
        }
        entries.u32(UInt32(number))
        entries.u8(TaskCheckpoint.stageCode(task.stage))
        entries.u8(flags)
        entries.u8(0)
        entries.u8(0)
        entries.int(task.priority)
        entries.date(task.due ?? Date(timeIntervalSinceReferenceDate: 0))
        entries.date(task.created)
        entries.date(task.claim?.expires ?? Date(timeIntervalSinceReferenceDate: 0))
        entries.u32(UInt32(record.offset))
        entries.u32(UInt32(firstDependency))
        entries.u32(UInt32(numbers.count))
        entries.u32(UInt32(domainIndex))
        entries.u32(UInt32(record.length))
        entries.u64(record.sum)
        for dependency in numbers { dependencies.u32(UInt32(dependency!)) }
        return numbers.count
    }

    /// The section from its parts: `count` entries and `dependencyCount` dependencies.
    static func assemble(count: Int, dependencyCount: Int, domains: [String], entries: [UInt8], dependencies: [UInt8]) -> [UInt8] {
        var writer = CheckpointWriter()
        writer.bytes.reserveCapacity(headerSize + entries.count + dependencies.count + domains.count * 16)
        writer.bool(true)
        writer.u32(UInt32(count))
        writer.u32(UInt32(dependencyCount))
        writer.u32(UInt32(domains.count))
        writer.bytes += entries
        writer.bytes += dependencies
        for domain in domains { writer.string(domain) }
        return writer.bytes
    }

    /// The number of a canonical task id, or nil.
    /// (Read from the bytes: `T-`, then the digits `TaskID.format` writes, at least three and no
    /// leading zero past three; formatting the number to compare cost a claim ~2,000 instructions per record.)
    static func canonicalNumber(_ id: String) -> Int? {
        var number = 0
        var digits = 0
        var leadingZero = false
        for (offset, byte) in id.utf8.enumerated() {
            switch offset {
            case 0: guard byte == UInt8(ascii: "T") else { return nil }
            case 1: guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard (UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(byte), digits < 10 else { return nil }
                if digits == 0 { leadingZero = byte == UInt8(ascii: "0") }
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            }
        }
        guard digits >= 3, digits == 3 || !leadingZero, number > 0, number <= Int(UInt32.max) else { return nil }
        return number
    }

    /// One entry, read in place.
    struct Entry {
        var number: Int
        var stage: UInt8
        var hasDue: Bool
        var hasClaim: Bool
        var hasDomain: Bool
        var priority: Int
        var due: Date
        var created: Date
        var expires: Date
        var offset: Int
        var firstDependency: Int
        var dependencyCount: Int
        var domain: Int
        var length: Int
        var sum: UInt64
    }

    let bytes: CheckpointSpan
    let count: Int
    let dependencyCount: Int
    let domains: [String]

    /// Nil when the index is not usable; throws when it is damaged.
    init?(_ bytes: [UInt8]) throws { try self.init(CheckpointSpan(bytes)) }

    /// Nil when the index is not usable; throws when it is damaged.
    init?(_ bytes: CheckpointSpan) throws {
        guard let first = bytes.first else { throw CheckpointReader.Damaged() }
        if first == 0 { return nil }
        let parsed: (Int, Int, [String]) = try bytes.withUnsafeBytes { raw in
            var reader = CheckpointReader(raw, at: 1)
            let count = Int(try reader.u32())
            let dependencies = Int(try reader.u32())
            let domainCount = Int(try reader.u32())
            guard count <= raw.count / Self.entrySize, dependencies <= raw.count / 4 else { throw CheckpointReader.Damaged() }
            reader.position = Self.headerSize + count * Self.entrySize + dependencies * 4
            guard reader.position <= raw.count, domainCount <= raw.count else { throw CheckpointReader.Damaged() }
            var domains: [String] = []
            for _ in 0 ..< domainCount { domains.append(try reader.string()) }
            guard reader.isAtEnd else { throw CheckpointReader.Damaged() }
            return (count, dependencies, domains)
        }
        self.bytes = bytes
        (count, dependencyCount, domains) = parsed
    }

    /// Where the record of the entry at `position` lies in the open section, and its checksum.
    func record(at position: Int) -> (offset: Int, length: Int, sum: UInt64) {
        bytes.withUnsafeBytes { raw in
            let base = Self.headerSize + position * Self.entrySize
            return Self.record(of: UnsafeRawBufferPointer(rebasing: raw[base ..< base + Self.entrySize]))
        }
    }

    /// The same, from one entry's bytes (as the ready list copies them).
    static func record(of entry: UnsafeRawBufferPointer) -> (offset: Int, length: Int, sum: UInt64) {
        (Int(UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 40, as: UInt32.self))),
         Int(UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 56, as: UInt32.self))),
         UInt64(littleEndian: entry.loadUnaligned(fromByteOffset: 60, as: UInt64.self)))
    }

    /// Calls `body` with every entry and a way to read its dependencies.
    func forEach(_ body: (Entry, (Int) -> Int) throws -> Void) throws {
        try bytes.withUnsafeBytes { raw in
            let dependencyBase = Self.headerSize + count * Self.entrySize
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
            func date(_ at: Int) -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: u64(at))) }
            for index in 0 ..< count {
                let base = Self.headerSize + index * Self.entrySize
                let flags = raw[base + 5]
                let entry = Entry(number: u32(base), stage: raw[base + 4], hasDue: flags & 1 != 0, hasClaim: flags & 2 != 0,
                                  hasDomain: flags & 4 != 0, priority: Int(Int64(bitPattern: u64(base + 8))), due: date(base + 16),
                                  created: date(base + 24), expires: date(base + 32), offset: u32(base + 40),
                                  firstDependency: u32(base + 44), dependencyCount: u32(base + 48), domain: u32(base + 52),
                                  length: u32(base + 56), sum: u64(base + 60))
                guard entry.firstDependency + entry.dependencyCount <= dependencyCount,
                      !entry.hasDomain || entry.domain < domains.count
                else { throw CheckpointReader.Damaged() }
                try body(entry) { u32(dependencyBase + (entry.firstDependency + $0) * 4) }
            }
        }
    }
}

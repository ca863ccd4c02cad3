import CoordStorage
import FoundationEssentials

extension TaskQueueLoader {
    /// How many done or cancelled tasks the open section may carry before a
    /// save moves them to the closed sections (a full save): at least this
    /// many, and more than one open task in `closedShare`.
    static let closedInOpenFloor = 256
    static let closedShare = 8

    /// Whether `closed` done or cancelled tasks among `open` in the open
    /// section call for a full save that moves them out.
    static func needsCompaction(closed: Int, open: Int) -> Bool {
        closed > closedInOpenFloor && closed * closedShare > open
    }

    /// Saves the checkpoint of the journal as it now ends from `checkpoint` and
    /// the records past it, decoding and encoding only the tasks those records
    /// touch: every other task's record bytes, open-index entry and
    /// dependencies are copied as they are, and the closed sections are kept
    /// byte for byte. The result is the checkpoint a full save would write,
    /// except that tasks closed since the last full save stay in the open
    /// section (readers skip them by stage) until `needsCompaction`.
    ///
    /// Throws, and the caller takes the full save, for anything unusual: a
    /// record past the checkpoint that repeats one it folded, has no canonical
    /// id or touches a done or cancelled task it left out; an open index that
    /// is not usable; a torn last line; too many closed tasks in the open section.
    func patch(_ checkpoint: Checkpoint, after loaded: Loaded, journal: BoardFile, size: Int64) throws {
        let header = checkpoint.header
        let events: [TaskEvent]
        if let past = loaded.past, loaded.folded >= header.covered, loaded.folded <= size {
            // The command read (and checked) the records up to `folded` under this lock: decode only what it appended.
            let fresh = try journal.readUnzeroed(loaded.folded ..< size)
            guard Int64(fresh.count) == size - loaded.folded, size > header.covered,
                  fresh.isEmpty || fresh.last == LineScanner.newline
            else { throw CheckpointReader.Damaged() }
            events = fresh.isEmpty ? past : past + (try TaskJournal.parse(fresh, path: journalPath).values)
        } else {
            let (tail, parsed, _) = try self.tail(past: checkpoint, journal: journal, size: size, until: nil)
            guard !tail.isEmpty, tail.last == LineScanner.newline else { throw CheckpointReader.Damaged() }
            events = parsed
        }
        let covered = size
        let parts = header.sections
        guard let index = try TaskOpenIndex(try checkpoint.span(.openIndex)),
              index.count == parts[TaskCheckpoint.Part.open.rawValue].count
        else { throw CheckpointReader.Damaged() }
        let records = try checkpoint.span(.open)
        let seen = try checkpoint.span(.seen)
        let closedIndex = try checkpoint.section(.closedIndex)
        guard closedIndex.count == parts[TaskCheckpoint.Part.closedIndex.rawValue].count * 8 else {
            throw CheckpointReader.Damaged()
        }
        let closed = ClosedTasks(index: closedIndex)
        // Copied unread: its checksum in the new header is the one it has now.
        let closedPart = parts[TaskCheckpoint.Part.closedTasks.rawValue]
        let closedTasks = try checkpoint.unchecked(.closedTasks, 0 ..< Int(closedPart.length)).bytes

        // Where each open task's entry is, for the tasks the records touch.
        // (Arrays by number: nothing per entry but a load and a compare.)
        var wanted = [Bool](repeating: false, count: header.highestNumber + 1)
        for event in events {
            guard let number = TaskOpenIndex.canonicalNumber(event.task), closed.stage(of: event.task) == nil else {
                throw CheckpointReader.Damaged()
            }
            if number < wanted.count { wanted[number] = true }
        }
        var positions: [Int: Int] = [:]
        index.bytes.withUnsafeBytes { raw in
            for position in 0 ..< index.count {
                let number = Int(UInt32(littleEndian: raw.loadUnaligned(
                    fromByteOffset: TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize, as: UInt32.self)))
                if number < wanted.count, wanted[number] { positions[number] = position }
            }
        }

        // The records, folded onto the tasks they touch (each decoded from its record, with its rank).
        var changed = TaskQueue(restoring: [], ranks: [], added: header.added, closed: nil, highWater: header.highWater,
                                highestNumber: header.highestNumber, grace: grace)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(events.count)
        var latest = header.latest
        for event in events {
            latest = max(latest ?? event.at, event.at)
            guard !checkpoint.hasSeen(event.id, in: seen) else { throw CheckpointReader.Damaged() }
            hashes.append(CheckpointSum.id(event.id))
            if changed.tasks[event.task] == nil, let number = TaskOpenIndex.canonicalNumber(event.task),
               let position = positions[number] {
                changed.restore([try Self.record(at: position, of: index, in: records)])
            }
            changed.apply(event)
        }
        var rankOf: [String: Int] = [:]
        for (id, rank) in zip(changed.order, changed.ranks) { rankOf[id] = rank }

        // The open section and its index: copies, and the touched tasks encoded afresh in their place.
        var open = CheckpointWriter()
        open.bytes.reserveCapacity(records.count + 512 * changed.order.count)
        var entries = CheckpointWriter()
        entries.bytes.reserveCapacity((index.count + changed.order.count) * TaskOpenIndex.entrySize)
        var dependencies = CheckpointWriter()
        dependencies.bytes.reserveCapacity((index.dependencyCount + 4 * changed.order.count) * 4)
        var domains = index.domains
        var dependencyCount = 0
        var count = 0
        var closedInOpen = 0
        var placed = Set<String>()
        func encode(_ task: WorkTask) throws {
            let offset = open.bytes.count
            TaskCheckpoint.encode(task, rank: rankOf[task.id]!, into: &open)
            let record = (offset, open.bytes.count - offset, CheckpointSum.of(open.bytes[offset...]))
            guard let added = TaskOpenIndex.append(task, record: record, firstDependency: dependencyCount, domains: &domains,
                                                   entries: &entries, dependencies: &dependencies)
            else { throw CheckpointReader.Damaged() }
            dependencyCount += added
            count += 1
            if task.stage == .done || task.stage == .cancelled { closedInOpen += 1 }
            placed.insert(task.id)
        }
        // The entries of touched tasks, in index order; every run between them is copied whole.
        let touched = changed.order.compactMap { id in TaskOpenIndex.canonicalNumber(id).flatMap { positions[$0] } }.sorted()
        var position = 0
        for stop in touched + [index.count] {
            if position < stop {
                let run = try Self.run(position ..< stop, of: index, records: records.count)
                let entryStart = entries.bytes.count
                let offsetShift = open.bytes.count - run.records.lowerBound
                let dependencyShift = dependencyCount - run.dependencies.lowerBound
                records.withUnsafeBytes { open.append($0, run.records) }
                index.bytes.withUnsafeBytes { raw in
                    let base = TaskOpenIndex.headerSize
                    let dependencyBase = base + index.count * TaskOpenIndex.entrySize
                    entries.append(raw, base + position * TaskOpenIndex.entrySize ..< base + stop * TaskOpenIndex.entrySize)
                    dependencies.append(raw, dependencyBase + run.dependencies.lowerBound * 4 ..< dependencyBase
                        + run.dependencies.upperBound * 4)
                }
                // The copies' record offsets and first dependencies, moved to where they now are.
                entries.bytes.withUnsafeMutableBytes { out in
                    for entry in 0 ..< stop - position {
                        let base = entryStart + entry * TaskOpenIndex.entrySize
                        let offset = Int(UInt32(littleEndian: out.loadUnaligned(fromByteOffset: base + 40, as: UInt32.self)))
                        out.storeBytes(of: UInt32(offset + offsetShift).littleEndian, toByteOffset: base + 40, as: UInt32.self)
                        let first = Int(UInt32(littleEndian: out.loadUnaligned(fromByteOffset: base + 44, as: UInt32.self)))
                        out.storeBytes(of: UInt32(first + dependencyShift).littleEndian, toByteOffset: base + 44, as: UInt32.self)
                    }
                }
                dependencyCount += run.dependencies.count
                count += stop - position
                closedInOpen += run.closed
            }
            guard stop < index.count else { break }
            try encode(changed.tasks[TaskID.format(Self.number(at: stop, of: index))]!)
            position = stop + 1
        }
        // Tasks added past the checkpoint, in add order.
        for id in changed.order where !placed.contains(id) { try encode(changed.tasks[id]!) }
        guard !Self.needsCompaction(closed: closedInOpen, open: count), open.bytes.count <= Int(UInt32.max) else {
            throw CheckpointReader.Damaged()
        }
        let openIndex = TaskOpenIndex.assemble(count: count, dependencyCount: dependencyCount, domains: domains,
                                               entries: entries.bytes, dependencies: dependencies.bytes)

        // The ids seen: the old sorted list, copied in runs, with the few new ones merged in.
        hashes.sort()
        var seenBytes = CheckpointWriter()
        seenBytes.bytes.reserveCapacity(seen.count + hashes.count * 8)
        var seenCount = seen.count / 8
        seen.withUnsafeBytes { raw in
            func old(_ index: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) }
            var copied = 0
            for (position, hash) in hashes.enumerated() where position == 0 || hash != hashes[position - 1] {
                var (low, high) = (copied, seen.count / 8)
                while low < high {
                    let middle = (low + high) / 2
                    if old(middle) < hash { low = middle + 1 } else { high = middle }
                }
                seenBytes.append(raw, copied * 8 ..< low * 8)
                seenBytes.u64(hash)
                seenCount += 1
                copied = low
            }
            seenBytes.append(raw, copied * 8 ..< seen.count / 8 * 8)
        }

        let window = min(covered, TaskCheckpoint.window)
        let head = header.covered >= window ? nil : try journal.read(0 ..< window)
        let end = try journal.read(covered - window ..< covered)
        guard head.map({ Int64($0.count) == window }) ?? true, Int64(end.count) == window else { throw CheckpointReader.Damaged() }
        try write(covered: covered, headSum: head.map(CheckpointSum.of) ?? header.headSum, tailSum: CheckpointSum.of(end),
                  latest: latest, highWater: changed.highWater, highestNumber: changed.highestNumber, added: changed.added,
                  parts: [
                      .init(bytes: open.bytes, count: count),
                      .init(bytes: closedIndex, count: closedIndex.count / 8),
                      .init(bytes: closedTasks, count: closedPart.count, sum: closedPart.sum),
                      .init(bytes: seenBytes.bytes, count: seenCount),
                      .init(bytes: openIndex, count: count),
                  ])
    }

    /// The task number of the entry at `position`.
    private static func number(at position: Int, of index: TaskOpenIndex) -> Int {
        index.bytes.withUnsafeBytes { raw in
            Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize,
                                                       as: UInt32.self)))
        }
    }

    /// The records and dependencies of the entries `positions`, which lie back
    /// to back (as every save writes them; anything else throws), and how many
    /// of those tasks are done or cancelled.
    private static func run(_ positions: Range<Int>, of index: TaskOpenIndex, records: Int) throws
        -> (records: Range<Int>, dependencies: Range<Int>, closed: Int) {
        try index.bytes.withUnsafeBytes { raw in
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            let first = TaskOpenIndex.headerSize + positions.lowerBound * TaskOpenIndex.entrySize
            let (recordStart, dependencyStart) = (u32(first + 40), u32(first + 44))
            var (recordEnd, dependencyEnd, closed) = (recordStart, dependencyStart, 0)
            for position in positions {
                let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                guard u32(base + 40) == recordEnd, u32(base + 44) == dependencyEnd else { throw CheckpointReader.Damaged() }
                recordEnd += u32(base + 56)
                dependencyEnd += u32(base + 48)
                if raw[base + 4] == 1 || raw[base + 4] == 3 { closed += 1 }
            }
            guard recordEnd <= records, dependencyEnd <= index.dependencyCount else { throw CheckpointReader.Damaged() }
            return (recordStart ..< recordEnd, dependencyStart ..< dependencyEnd, closed)
        }
    }

    /// The task whose entry is at `position` of `index`, decoded from its record (checked alone).
    private static func record(at position: Int, of index: TaskOpenIndex, in records: CheckpointSpan) throws -> (rank: Int, task: WorkTask) {
        try index.bytes.withUnsafeBytes { raw in
            let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
            let offset = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 40, as: UInt32.self)))
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 56, as: UInt32.self)))
            guard offset + length <= records.count else { throw CheckpointReader.Damaged() }
            return try records.withUnsafeBytes { bytes in
                var reader = CheckpointReader(UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + length]))
                let decoded = try TaskCheckpoint.decodeTask(&reader)
                guard reader.isAtEnd else { throw CheckpointReader.Damaged() }
                return decoded
            }
        }
    }
}

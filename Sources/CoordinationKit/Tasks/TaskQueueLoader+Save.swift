import CoordStorage
import FoundationEssentials

extension TaskQueueLoader {
    /// Saves a checkpoint of the journal as it now ends, when the records past
    /// the current one reach `limit` bytes (or there is none). Inside the board
    /// lock, after the command's own append: `loaded` is what the command read.
    /// A cache: it never turns a committed write into an error, so any failure
    /// leaves things as they were.
    /// True when it saved one.
    @discardableResult
    func save(after loaded: Loaded, limit: Int64) -> Bool {
        (try? write(after: loaded, limit: limit)) ?? false
    }

    private func write(after loaded: Loaded, limit: Int64) throws -> Bool {
        if let checkpoint = loaded.checkpoint {
            guard let journal = try board.openFile(TaskEvent.fileName, mode: .readOnly) else { return false }
            let size = try journal.size()
            if size - checkpoint.header.covered < limit { return false }
            // Usually only the tasks the records past it touch change: patch it.
            if (try? patch(checkpoint, after: loaded, journal: journal, size: size)) != nil { return true }
        }
        return try rewrite(after: loaded)
    }

    /// Saves the records past the checkpoint, decoded, for the next command
    /// (`TaskTailCache`): those `loaded` read there and `appended`, the ones the
    /// command just wrote (with their ids) at `loaded.size`. Inside the board lock,
    /// after the append, when no checkpoint was saved. Gives up, leaving a cache
    /// that no longer matches, when the journal is not what `loaded` read plus
    /// one line per record appended.
    func cacheTail(after loaded: Loaded, appended: [TaskEvent]) {
        guard let checkpoint = loaded.checkpoint, let past = loaded.past, let read = loaded.tail,
              loaded.folded == loaded.size, !appended.isEmpty,
              let journal = try? board.openFile(TaskEvent.fileName, mode: .readOnly), let size = try? journal.size(),
              size > loaded.size, size - checkpoint.header.covered <= TaskTailCache.largest / 2,
              let tail = try? journal.read(checkpoint.header.covered ..< size),
              Int64(tail.count) == size - checkpoint.header.covered, tail.starts(with: read)
        else { return }
        var events = past
        events.reserveCapacity(past.count + appended.count)
        for event in appended {
            guard let asRead = TaskTailCache.asRead(event) else { return }
            events.append(asRead)
        }
        // `past` was checked against the checkpoint's `seen` list (or vouched for
        // against it) as it was read; what this command appended is new, unless a
        // collision of 64-bit ids says otherwise: then the next reader checks it all.
        let seenSum = checkpoint.header.sections[TaskCheckpoint.Part.seen.rawValue].sum
        let fresh = appended.allSatisfy { event in
            loaded.seen.map { !checkpoint.hasSeen(event.id, in: $0) } ?? !checkpoint.mayHaveSeen(event.id)
        }
        TaskTailCache.write(board, start: checkpoint.header.covered, tail: tail, events: events, unseenIn: fresh ? seenSum : nil)
    }

    /// Encodes every open task afresh (and, when many were closed since, moves
    /// the closed ones out of the open section).
    private func rewrite(after loaded: Loaded) throws -> Bool {
        if loaded.isPartial {
            // The queue holds only what the command needed: read the open tasks to save them.
            var full = try load(.open)
            full.isPartial = false
            return try rewrite(after: full)
        }
        guard let journal = try board.openFile(TaskEvent.fileName, mode: .readOnly) else { return false }
        let size = try journal.size()
        guard size > 0 else { return false }

        // Fold what was appended since the command read the journal.
        var queue = loaded.queue
        var latest = loaded.latest
        var seen = loaded.seen
        let fresh = try journal.read(loaded.folded ..< size)
        guard Int64(fresh.count) == size - loaded.folded else { return false }
        let complete = fresh.lastIndex(of: LineScanner.newline).map { Array(fresh[...$0]) } ?? []
        for event in try TaskJournal.parse(complete, path: journalPath).values {
            latest = max(latest ?? event.at, event.at)
            if let checkpoint = loaded.checkpoint {
                if seen == nil { seen = try checkpoint.span(.seen) }
                if checkpoint.hasSeen(event.id, in: seen!) { return false }
                if queue.closed?.stage(of: event.task) != nil { try checkpoint.restoreClosed(into: &queue) }
            }
            queue.apply(event)
        }
        let covered = loaded.folded + Int64(complete.count)
        let window = min(covered, TaskCheckpoint.window)
        let head = try journal.read(0 ..< window)
        let end = try journal.read(covered - window ..< covered)
        guard Int64(head.count) == window, Int64(end.count) == window else { return false }

        // The sections.
        var open = CheckpointWriter()
        var openCount = 0
        var indexed: [(task: WorkTask, offset: Int)] = []
        var closedIndex: [UInt8]
        var closedTasks: [UInt8]
        var closedCount: Int
        if let checkpoint = loaded.checkpoint, queue.closed != nil,
           Self.needsCompaction(closed: queue.order.count { TaskCheckpoint.canClose(queue.tasks[$0]!) }, open: queue.order.count) {
            try checkpoint.restoreClosed(into: &queue)
        }
        if let checkpoint = loaded.checkpoint, queue.closed != nil {
            // Closed tasks stay as they were; tasks closed since stay open until a full rewrite.
            for (id, rank) in zip(queue.order, queue.ranks) {
                indexed.append((queue.tasks[id]!, open.bytes.count))
                TaskCheckpoint.encode(queue.tasks[id]!, rank: rank, into: &open)
                openCount += 1
            }
            closedIndex = try checkpoint.section(.closedIndex)
            closedTasks = try checkpoint.section(.closedTasks)
            closedCount = checkpoint.header.sections[TaskCheckpoint.Part.closedTasks.rawValue].count
        } else {
            var closed = CheckpointWriter()
            var closing: [WorkTask] = []
            for (id, rank) in zip(queue.order, queue.ranks) {
                let task = queue.tasks[id]!
                if TaskCheckpoint.canClose(task) {
                    TaskCheckpoint.encode(task, rank: rank, into: &closed)
                    closing.append(task)
                } else {
                    indexed.append((task, open.bytes.count))
                    TaskCheckpoint.encode(task, rank: rank, into: &open)
                    openCount += 1
                }
            }
            closedIndex = ClosedTasks.index(of: closing)
            closedTasks = closed.bytes
            closedCount = closing.count
        }
        var hashes: [UInt64] = queue.seen.map(CheckpointSum.id)
        if let checkpoint = loaded.checkpoint {
            let old = try seen ?? checkpoint.span(.seen)
            old.withUnsafeBytes { raw in
                for index in 0 ..< raw.count / 8 {
                    hashes.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)))
                }
            }
        }
        hashes.sort()
        var seenBytes = CheckpointWriter()
        seenBytes.bytes.reserveCapacity(hashes.count * 8)
        for hash in hashes { seenBytes.u64(hash) }

        let openIndex = TaskOpenIndex.encode(indexed, records: open.bytes)
        try write(covered: covered, headSum: CheckpointSum.of(head), tailSum: CheckpointSum.of(end), latest: latest,
                  highWater: queue.highWater, highestNumber: queue.highestNumber, added: queue.added,
                  parts: [
                      .init(bytes: open.bytes, count: openCount), .init(bytes: closedIndex, count: closedIndex.count / 8),
                      .init(bytes: closedTasks, count: closedCount), .init(bytes: seenBytes.bytes, count: hashes.count),
                      .init(bytes: openIndex, count: openCount),
                  ])
        return true
    }

    /// One section's bytes, how many items they hold, and their checksum when already known.
    struct SectionBytes {
        var bytes: [UInt8]
        var count: Int
        var sum: UInt64? = nil
    }

    /// Writes the checkpoint: the header, then `parts` in `TaskCheckpoint.Part` order.
    func write(covered: Int64, headSum: UInt64, tailSum: UInt64, latest: Date?, highWater: Int64, highestNumber: Int,
               added: Int, parts: [SectionBytes]) throws {
        var sections: [TaskCheckpoint.Section] = []
        var offset = Int64(TaskCheckpoint.Header.size)
        for part in parts {
            sections.append(TaskCheckpoint.Section(offset: offset, length: Int64(part.bytes.count), count: part.count,
                                                   sum: part.sum ?? CheckpointSum.of(part.bytes)))
            offset += Int64(part.bytes.count)
        }
        let header = TaskCheckpoint.Header(covered: covered, headSum: headSum, tailSum: tailSum, latest: latest,
                                           highWater: highWater, highestNumber: highestNumber, added: added, sections: sections)
        guard let folder = try board.subdirectory(BulletinIndex.folder, create: true) else { return }
        // Written part by part: joining them would copy megabytes into fresh memory.
        try folder.replace(TaskCheckpoint.fileName, withParts: [header.encoded()] + parts.map(\.bytes))
    }
}

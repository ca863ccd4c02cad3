import CoordStorage
import FoundationEssentials

extension TaskQueueLoader {
    /// The ready tasks straight from the checkpoint's open index: readiness is
    /// decided from fixed-width entries, and only the tasks shown (or, with
    /// `first`, the best one) and those the journal's tail touches are decoded.
    /// Throws (and the caller takes the full path) for anything unusual: an
    /// index that is not usable, a tail record about a done or cancelled task
    /// or with a non-canonical id, a repeated record.
    ///
    /// The queue returned holds those tasks and knows every other task's stage,
    /// so `ready(at:domain:)` and the views give what the full fold gives.
    func ready(from checkpoint: Checkpoint, journal: BoardFile, size: Int64, domain: String?, first: Bool, at now: Date,
               until: Date?) throws -> Loaded {
        let header = checkpoint.header
        let (tail, events, unseen) = try self.tail(past: checkpoint, journal: journal, size: size, until: until)
        // The checkpoint's ready list, when there is one for it and the records past it allow.
        var listed = false
        if var list = TaskReadyCache.open(board, for: checkpoint.identity) {
            listed = true
            if let loaded = try? self.listed(in: &list, checkpoint: checkpoint, tail: tail, events: events, unseen: unseen,
                                             domain: domain, first: first, at: now, until: until, size: size) {
                return loaded
            }
        }
        guard let index = try TaskOpenIndex(try checkpoint.span(.openIndex)),
              index.count == header.sections[TaskCheckpoint.Part.open.rawValue].count
        else { throw CheckpointReader.Damaged() }
        let closedIndex = try checkpoint.span(.closedIndex)
        guard closedIndex.count == header.sections[TaskCheckpoint.Part.closedIndex.rawValue].count * 8 else {
            throw CheckpointReader.Damaged()
        }

        // Every task's stage by number; which came from the closed index; where each open record starts.
        // (Plain loops over the bytes, and no nested function capturing a
        // mutable local: either makes every access a checked one.)
        var stages = [UInt8](repeating: 0xFF, count: header.highestNumber + 1)
        // (Through a buffer pointer, as the open index below; a number past the header's highest is damage.)
        try closedIndex.withUnsafeBytes { raw in
            try stages.withUnsafeMutableBufferPointer { stages in
                for entry in 0 ..< raw.count / 8 {
                    let number = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: entry * 8, as: UInt32.self)))
                    let stage = raw[entry * 8 + 4]
                    guard number < stages.count, stage == 1 || stage == 3 else { throw CheckpointReader.Damaged() }
                    stages[number] = stage
                }
            }
        }
        // Where the records of the tasks the tail touches start (only theirs).
        // (An array by number, not a dictionary: a generic type's first use costs the runtime a lookup.)
        var entryOf = [Int32](repeating: -1, count: events.isEmpty ? 0 : stages.count)
        var wanted = [Bool](repeating: false, count: entryOf.count)
        for event in events {
            if let number = TaskOpenIndex.canonicalNumber(event.task), number < wanted.count { wanted[number] = true }
        }
        // Through buffer pointers: 10,000 entries, and an array subscript that may
        // grow checks uniqueness and bounds at each one. A number past the
        // header's highest (a damaged index) takes the slow loop below.
        var beyond = false
        index.bytes.withUnsafeBytes { raw in
            stages.withUnsafeMutableBufferPointer { stages in
                entryOf.withUnsafeMutableBufferPointer { entryOf in
                    for position in 0 ..< index.count {
                        let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                        let number = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)))
                        guard number < stages.count else {
                            beyond = true
                            continue
                        }
                        stages[number] = raw[base + 4]
                        if number < entryOf.count, wanted[number] { entryOf[number] = Int32(position) }
                    }
                }
            }
        }
        if beyond {
            index.bytes.withUnsafeBytes { raw in
                for position in 0 ..< index.count {
                    let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                    let number = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base, as: UInt32.self)))
                    Self.grow(&stages, to: number)
                    stages[number] = raw[base + 4]
                    if number < wanted.count, wanted[number] { entryOf[number] = Int32(position) }
                }
            }
        }

        // The records past the checkpoint, onto the tasks they touch.
        // One record is read and checked alone; many, as the whole section.
        let source = RecordSource()
        func decode(_ record: (offset: Int, length: Int, sum: UInt64), alone: Bool) throws -> WorkTask {
            if alone && source.open == nil { return try checkpoint.openTask(record) }
            if source.open == nil { source.open = try checkpoint.span(.open) }
            return try source.open!.withUnsafeBytes { raw in
                guard record.offset < raw.count else { throw CheckpointReader.Damaged() }
                var reader = CheckpointReader(raw, at: record.offset)
                return try TaskCheckpoint.decodeTask(&reader).task
            }
        }
        var touched = [Bool](repeating: false, count: stages.count)
        var changed = TaskQueue(restoring: [], ranks: [], added: header.added, closed: nil, highWater: header.highWater,
                                highestNumber: header.highestNumber, grace: grace)
        var seen: CheckpointSpan? = nil
        var latest = header.latest
        for event in events {
            latest = max(latest ?? event.at, event.at)
            if let until, event.at > until { continue }
            if !unseen {
                if seen == nil { seen = try checkpoint.span(.seen) }
                if checkpoint.hasSeen(event.id, in: seen!) { throw CheckpointReader.Damaged() }
            }
            guard let number = TaskOpenIndex.canonicalNumber(event.task) else { throw CheckpointReader.Damaged() }
            Self.grow(&stages, to: number)
            if number >= touched.count { touched += [Bool](repeating: false, count: number + 1 - touched.count) }
            if !touched[number] {
                if number < entryOf.count, entryOf[number] >= 0 {
                    changed.adopt(try decode(index.record(at: Int(entryOf[number])), alone: true))
                } else if stages[number] != 0xFF {
                    throw CheckpointReader.Damaged()  // a closed task: the full path restores it
                }
            }
            changed.apply(event)
            if let task = changed.tasks[event.task] {
                guard task.after.allSatisfy({ TaskOpenIndex.canonicalNumber($0) != nil }) else { throw CheckpointReader.Damaged() }
                touched[number] = true
                stages[number] = TaskCheckpoint.stageCode(task.stage)
            }
        }
        let known = ClosedTasks(byNumber: stages)
        changed.know(known)

        // Which tasks are ready, best first, as `TaskQueue.ready` orders them.
        struct Candidate: ReadyOrdered {
            var priority: Int
            var due: Date?
            var created: Date
            var number: Int
            var record: (offset: Int, length: Int, sum: UInt64)
            /// Where in `changed.all` the task is, when the tail touched it.
            var changed: Int?
            /// Claimed by a process-bound claim that had not expired: a candidate only if that process ended.
            var bound = false
        }
        var candidates: [Candidate] = []
        // With `first`, only the best so far is kept (and the process-bound claims that would beat it,
        // which need a decode): an entry that cannot beat it is passed over before its dependencies are read.
        var best: Candidate? = nil
        let graceSeconds = Double(grace)
        try index.bytes.withUnsafeBytes { raw in try stages.withUnsafeBufferPointer { stages in try touched.withUnsafeBufferPointer { touched in
            let dependencyBase = TaskOpenIndex.headerSize + index.count * TaskOpenIndex.entrySize
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            func date(_ at: Int) -> Date {
                Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at,
                                                                                                               as: UInt64.self))))
            }
            let wanted = domain.map { index.domains.firstIndex(of: $0) ?? -1 }
            entries: for position in 0 ..< index.count {
                let base = TaskOpenIndex.headerSize + position * TaskOpenIndex.entrySize
                guard raw[base + 4] == 0 else { continue }
                // First what most entries fail once a best is known: a lower priority.
                let priority = Int(Int64(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8, as: UInt64.self))))
                if first, let best, priority > best.priority { continue }
                let number = u32(base)
                guard number >= touched.count || !touched[number] else { continue }
                let flags = raw[base + 5]
                if let wanted, flags & 4 == 0 || u32(base + 52) != wanted { continue }
                var bound = false
                if flags & 2 != 0, now < date(base + 32).addingTimeInterval(graceSeconds) {
                    guard flags & 8 != 0 else { continue }
                    bound = true
                }
                var candidate = Candidate(priority: priority, due: flags & 1 != 0 ? date(base + 16) : nil, created: date(base + 24),
                                          number: number, record: (0, 0, 0), bound: bound)
                if first, let best, !TaskQueue.precedes(candidate, best) { continue }
                let dependencies = u32(base + 44)
                let count = u32(base + 48)
                guard dependencies + count <= index.dependencyCount else { throw CheckpointReader.Damaged() }
                for dependency in dependencies ..< dependencies + count {
                    let required = u32(dependencyBase + dependency * 4)
                    guard required < stages.count, stages[required] == 1 else { continue entries }
                }
                candidate.record = (u32(base + 40), u32(base + 56),
                                    UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 60, as: UInt64.self)))
                if first && !bound { best = candidate } else { candidates.append(candidate) }
            }
        } } }
        if let best { candidates.append(best) }
        // A live claim bound to a process: the task is a candidate only if that process ended (one decode per such claim).
        if candidates.contains(where: \.bound) {
            candidates = try candidates.filter { candidate in
                guard candidate.bound else { return true }
                return try decode(candidate.record, alone: false).claim?.holderProcessEnded ?? true
            }
        }
        let changedTasks = changed.all
        for (position, task) in changedTasks.enumerated()
        where (domain == nil || task.domain == domain) && changed.status(of: task, at: now) == .ready {
            candidates.append(Candidate(priority: task.priority, due: task.due, created: task.created, number: task.number,
                                        record: (0, 0, 0), changed: position))
        }
        func precedes(_ a: Candidate, _ b: Candidate) -> Bool { TaskQueue.precedes(a, b) }
        var chosen: [WorkTask] = []
        func task(_ candidate: Candidate, alone: Bool) throws -> WorkTask {
            if let position = candidate.changed { return changedTasks[position] }
            return try decode(candidate.record, alone: alone)
        }
        if first {
            if let best = candidates.min(by: precedes) { chosen = [try task(best, alone: true)] }
        } else {
            candidates.sort(by: precedes)
            chosen = try candidates.map { try task($0, alone: false) }
        }
        var queue = TaskQueue(restoring: chosen, ranks: Array(chosen.indices), added: changed.added, closed: known,
                              highWater: changed.highWater, highestNumber: changed.highestNumber, grace: grace)
        queue.know(known)
        let folded = tail.lastIndex(of: LineScanner.newline).map { header.covered + Int64($0) + 1 } ?? header.covered
        var loaded = Loaded(queue: queue, size: size, folded: folded, latest: latest, checkpoint: checkpoint, seen: seen,
                            isPartial: true, past: until == nil ? events : nil, tail: tail)
        loaded.readyList = listed ? .current : .absent
        return loaded
    }

    private static func grow(_ stages: inout [UInt8], to number: Int) {
        if number >= stages.count { stages += [UInt8](repeating: 0xFF, count: number + 1 - stages.count) }
    }
}

/// The open section, read once when several records are needed.
private final class RecordSource {
    var open: CheckpointSpan? = nil
}

import CoordStorage
import FoundationEssentials

/// Reads the task queue: the checkpoint (when it passes every check) plus the
/// records past it, or else the whole journal. Both paths give the same queue;
/// the checkpoint only saves the decoding.
///
/// Readers never write the checkpoint (read commands leave the board as they
/// found it, `.state/` included). Writers save it under the board lock after
/// their append, once the records past it reach `Tasks.checkpointTail` bytes,
/// so a reader folds at most that much JSON however long the journal grows.
struct TaskQueueLoader {
    /// How much of the queue a command needs.
    enum Scope: Equatable {
        /// Open and blocked tasks in full; done and cancelled ones only by stage
        /// (enough for `tasks --ready`, `claim --next` and the summaries).
        case open
        /// As `open`, plus task `id` in full whatever its stage.
        case task(String)
        /// Every task in full.
        case full
        /// Only the ready tasks (of `domain`), as `TaskQueue.ready` lists them;
        /// with `first`, only the best one. Other tasks are known by stage alone.
        case ready(domain: String?, first: Bool)
    }

    /// A valid checkpoint, open for reading its sections.
    ///
    /// The file is mapped read-only when opened, so a section is checked and
    /// read in place: a claim touches the pages of the open index it scans,
    /// straight from the page cache, and copies nothing. Writers replace the
    /// file by rename and never write it in place, so the mapped bytes cannot
    /// change under a reader (a torn or damaged file fails its checksums).
    struct Checkpoint {
        var header: TaskCheckpoint.Header
        /// The header's own checksum, which covers every section's: names this checkpoint (`TaskReadyCache`).
        var identity: UInt64
        var file: BoardFile
        /// The whole file as opened; nil when it could not be mapped (sections are then read).
        var mapping: FileMapping? = nil

        /// `part`, checked against its checksum.
        func span(_ part: TaskCheckpoint.Part) throws -> CheckpointSpan {
            let section = header.sections[part.rawValue]
            let span = try unchecked(part, 0 ..< Int(section.length))
            guard span.withUnsafeBytes({ CheckpointSum.of($0) }) == section.sum else { throw CheckpointReader.Damaged() }
            return span
        }

        /// `part`, copied.
        func section(_ part: TaskCheckpoint.Part) throws -> [UInt8] { try span(part).bytes }

        /// The open task whose record lies at `record` in the open section, read and checked alone.
        func openTask(_ record: (offset: Int, length: Int, sum: UInt64)) throws -> WorkTask {
            let bytes = try unchecked(.open, record.offset ..< record.offset + record.length)
            return try bytes.withUnsafeBytes { raw in
                guard CheckpointSum.of(raw) == record.sum else { throw CheckpointReader.Damaged() }
                var reader = CheckpointReader(raw)
                let task = try TaskCheckpoint.decodeTask(&reader).task
                guard reader.isAtEnd else { throw CheckpointReader.Damaged() }
                return task
            }
        }

        /// `range` of `part`, unchecked: the caller checks what it reads (a record's own checksum).
        func unchecked(_ part: TaskCheckpoint.Part, _ range: Range<Int>) throws -> CheckpointSpan {
            let section = header.sections[part.rawValue]
            guard range.lowerBound >= 0, Int64(range.upperBound) <= section.length else { throw CheckpointReader.Damaged() }
            let start = section.offset + Int64(range.lowerBound)
            if let mapping {
                guard start <= Int64(mapping.bytes.count), Int64(range.count) <= Int64(mapping.bytes.count) - start else {
                    throw CheckpointReader.Damaged()
                }
                return CheckpointSpan(mapping, Int(start) ..< Int(start) + range.count)
            }
            let bytes = try file.readUnzeroed(start ..< start + Int64(range.count))
            guard bytes.count == range.count else { throw CheckpointReader.Damaged() }
            return CheckpointSpan(bytes)
        }

        /// Whether a record with this id is among those the checkpoint folded.
        func hasSeen(_ id: String, in seen: CheckpointSpan) -> Bool {
            let wanted = CheckpointSum.id(id)
            return seen.withUnsafeBytes { raw in
                var low = 0
                var high = raw.count / 8
                while low < high {
                    let middle = (low + high) / 2
                    let found = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: middle * 8, as: UInt64.self))
                    if found == wanted { return true }
                    if found < wanted { low = middle + 1 } else { high = middle }
                }
                return false
            }
        }

        /// `hasSeen` on the `seen` section as it lies, without summing it first:
        /// for a writer vouching for the records it just wrote, which a damaged
        /// list can only make it decline to vouch for, or miss a repeat that a
        /// record freshly written past the checkpoint cannot be but by a 64-bit collision.
        func mayHaveSeen(_ id: String) -> Bool {
            let section = header.sections[TaskCheckpoint.Part.seen.rawValue]
            guard let seen = try? unchecked(.seen, 0 ..< Int(section.length)) else { return true }
            return hasSeen(id, in: seen)
        }

        /// Brings the closed tasks into `queue`.
        func restoreClosed(into queue: inout TaskQueue) throws {
            let count = header.sections[TaskCheckpoint.Part.closedTasks.rawValue].count
            queue.restore(try TaskCheckpoint.decodeTasks(try section(.closedTasks), count: count))
        }
    }

    /// A queue read from the board, with what saving a checkpoint after a write needs.
    struct Loaded {
        var queue: TaskQueue
        /// The journal's size when read: where the next record lands.
        var size: Int64
        /// The end of the last complete line folded into `queue`.
        var folded: Int64
        /// The latest `at` among the records read.
        var latest: Date?
        /// The checkpoint the queue started from, when one passed the checks.
        var checkpoint: Checkpoint?
        /// Its `seen` section, when read.
        var seen: CheckpointSpan?
        /// True when `queue` holds only the tasks a `ready` scope asked for.
        var isPartial = false
        /// The records read past `checkpoint` (up to `folded`), when every one
        /// of them was folded, so that saving the next checkpoint need not decode them again.
        var past: [TaskEvent]? = nil
        /// The journal's bytes past `checkpoint` when read (what `past` was decoded from).
        var tail: [UInt8]? = nil
        /// Whether `.state/tasks.ready` held the ready list of `checkpoint` (`TaskReadyCache`), and whether the queue came from it.
        var readyList = ReadyListUse.absent
    }

    /// What a `ready` scope made of the checkpoint's ready list.
    enum ReadyListUse: Equatable {
        /// None for this checkpoint (or no such scope).
        case absent
        /// There, but the records past the checkpoint called for the open index.
        case current
        /// The queue was read from it.
        case used
    }

    let board: BoardDirectory
    let grace: Int64

    var journalPath: String { board.child(TaskEvent.fileName) }

    /// The queue at `until` (nil: every record), needing `scope`; a `ready`
    /// scope asks which tasks are ready at `now` (default: `until`).
    func load(_ scope: Scope, until: Date? = nil, at now: Date? = nil) throws -> Loaded {
        guard let file = try board.openFile(TaskEvent.fileName, mode: .readOnly) else {
            return Loaded(queue: TaskQueue([], grace: grace), size: 0, folded: 0)
        }
        let size = try file.size()
        if case .ready(let domain, let first) = scope, let checkpoint = Self.open(board),
           let now = now ?? until,
           let loaded = try? ready(from: checkpoint, journal: file, size: size, domain: domain, first: first, at: now, until: until) {
            return loaded
        }
        if let checkpoint = Self.open(board), let loaded = try? resume(from: checkpoint, journal: file, size: size, scope: scope,
                                                                       until: until) {
            return loaded
        }
        let bytes = try file.read(0 ..< size)
        let events = try TaskJournal.parse(bytes, path: journalPath).values
        let folded = bytes.lastIndex(of: LineScanner.newline).map { Int64($0) + 1 } ?? 0
        return Loaded(queue: TaskQueue(events, grace: grace, until: until), size: Int64(bytes.count), folded: folded,
                      latest: events.map(\.at).max())
    }

    /// The checkpoint's header, when the file is there and its header checks out.
    static func open(_ board: BoardDirectory) -> Checkpoint? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let file = try? folder.openFile(TaskCheckpoint.fileName, mode: .readOnly)
        else { return nil }
        let size = Int64(TaskCheckpoint.Header.size)
        if let mapping = try? file.mapped(), mapping.bytes.count >= size {
            let bytes = [UInt8](mapping.bytes[0 ..< Int(size)])
            guard let header = try? TaskCheckpoint.Header.decode(bytes) else { return nil }
            return Checkpoint(header: header, identity: TaskCheckpoint.Header.sum(of: bytes), file: file, mapping: mapping)
        }
        guard let bytes = try? file.read(0 ..< size), let header = try? TaskCheckpoint.Header.decode(bytes) else { return nil }
        return Checkpoint(header: header, identity: TaskCheckpoint.Header.sum(of: bytes), file: file)
    }

    /// The queue from `checkpoint` and the records past it; throws when the
    /// checkpoint does not vouch for this journal or cannot answer exactly.
    private func resume(from checkpoint: Checkpoint, journal: BoardFile, size: Int64, scope: Scope, until: Date?) throws -> Loaded {
        let header = checkpoint.header
        let (tail, events, unseen) = try self.tail(past: checkpoint, journal: journal, size: size, until: until)
        let open = header.sections[TaskCheckpoint.Part.open.rawValue]
        let restored = try TaskCheckpoint.decodeTasks(try checkpoint.section(.open), count: open.count)
        let closedIndex = try checkpoint.section(.closedIndex)
        guard closedIndex.count == header.sections[TaskCheckpoint.Part.closedIndex.rawValue].count * 8 else {
            throw CheckpointReader.Damaged()
        }
        var queue = TaskQueue(restoring: restored.map(\.task), ranks: restored.map(\.rank), added: header.added,
                              closed: ClosedTasks(index: closedIndex), highWater: header.highWater,
                              highestNumber: header.highestNumber, grace: grace)
        var seen: CheckpointSpan? = nil
        var latest = header.latest
        for event in events {
            latest = max(latest ?? event.at, event.at)
            if let until, event.at > until { continue }
            if !unseen {
                if seen == nil { seen = try checkpoint.span(.seen) }
                // A repeated record: the full fold decides what it means.
                if checkpoint.hasSeen(event.id, in: seen!) { throw CheckpointReader.Damaged() }
            }
            if queue.closed?.stage(of: event.task) != nil { try checkpoint.restoreClosed(into: &queue) }
            queue.apply(event)
        }
        switch scope {
        case .open, .ready: break
        case .task(let id): if queue.tasks[id] == nil, queue.closed != nil { try checkpoint.restoreClosed(into: &queue) }
        case .full: if queue.closed != nil { try checkpoint.restoreClosed(into: &queue) }
        }
        let folded = tail.lastIndex(of: LineScanner.newline).map { header.covered + Int64($0) + 1 } ?? header.covered
        return Loaded(queue: queue, size: size, folded: folded, latest: latest, checkpoint: checkpoint, seen: seen,
                      past: until == nil ? events : nil, tail: tail)
    }

    /// The records past `checkpoint`, once the journal passes its checks: the
    /// covered bytes fit, end a line, and their first and last 4 KiB match.
    ///
    /// With them, whether every one of them is known to be none of the
    /// records the checkpoint folded (the tail cache vouches for it against this
    /// checkpoint's `seen` section), so that the caller need not check each.
    func tail(past checkpoint: Checkpoint, journal: BoardFile, size: Int64, until: Date?) throws
        -> (tail: [UInt8], events: [TaskEvent], unseen: Bool) {
        let header = checkpoint.header
        guard header.covered <= size else { throw CheckpointReader.Damaged() }
        if let until, let latest = header.latest, latest > until { throw CheckpointReader.Damaged() }
        let window = min(header.covered, TaskCheckpoint.window)
        let head = try journal.read(0 ..< window)
        let chunkStart = header.covered - window
        let chunk = try journal.read(chunkStart ..< size)
        let split = Int(header.covered - chunkStart)
        guard Int64(head.count) == window, Int64(chunk.count) == size - chunkStart,
              CheckpointSum.of(head) == header.headSum, CheckpointSum.of(chunk[..<split]) == header.tailSum,
              split == 0 || chunk[split - 1] == LineScanner.newline
        else { throw CheckpointReader.Damaged() }
        let tail = Array(chunk[split...])
        // Nothing past it (a writer saved it last): no decoder to start; the
        // lines the last writer left decoded (`TaskTailCache`): none either.
        if tail.isEmpty { return (tail, [], true) }
        if let cached = try TaskTailCache.events(board, start: header.covered, tail: tail, path: journalPath) {
            return (tail, cached.events, cached.unseenIn == header.sections[TaskCheckpoint.Part.seen.rawValue].sum)
        }
        return (tail, try TaskJournal.parse(tail, path: journalPath).values, false)
    }
}

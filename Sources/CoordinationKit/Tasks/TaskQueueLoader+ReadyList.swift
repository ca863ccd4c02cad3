import CoordStorage
import FoundationEssentials

extension TaskQueueLoader {
    /// The most records past the checkpoint the ready list is used with: a
    /// writer saves the checkpoint long before (`Tasks.checkpointTail`).
    static let listedTailLimit = 64

    /// `ready(from:)` from the checkpoint's ready list (`TaskReadyCache`): the
    /// ready tasks in order, read from the start of the list; with `first`, the
    /// best one alone, so a claim reads only the first entries.
    ///
    /// Nil, and the caller scans the open index, when a record past the
    /// checkpoint could have made ready a task the list leaves out: anything
    /// but claims, renewals and releases of canonical ids, each record once and
    /// none already folded. Those records change no task's stage, dependencies
    /// or place in the ready order, so the tasks they touch are folded where
    /// the list has them, and every other entry is read as the checkpoint left it.
    ///
    /// The queue returned holds the chosen tasks and knows their dependencies
    /// as done, which is what `claim` and the views of ready tasks ask of it.
    /// With `until`, records written after it are left out, as the full fold leaves them.
    func listed(in list: inout TaskReadyCache, checkpoint: Checkpoint, tail: [UInt8], events all: [TaskEvent], unseen: Bool,
                domain: String?, first: Bool, at now: Date, until: Date?, size: Int64) throws -> Loaded? {
        let header = checkpoint.header
        guard all.count <= Self.listedTailLimit else { return nil }
        let events = until.map { until in all.filter { $0.at <= until } } ?? all
        var ids: [String] = []
        var numbers: [Int] = []
        for event in events {
            guard event.event == .claim || event.event == .renew || event.event == .release,
                  let number = TaskOpenIndex.canonicalNumber(event.task), !ids.contains(event.id)
            else { return nil }
            ids.append(event.id)
            numbers.append(number)
        }
        var seen: CheckpointSpan? = nil
        if !unseen && !events.isEmpty {
            let span = try checkpoint.span(.seen)
            if events.contains(where: { checkpoint.hasSeen($0.id, in: span) }) { return nil }
            seen = span
        }

        // The tasks the records touch, as the list has them, with the records folded on
        // (`WorkTask.apply`, as `TaskQueue` folds them). One not in the list stays unready:
        // these records cannot finish a dependency.
        var touched: [Int] = []
        var folded: [WorkTask?] = []
        var highWater = header.highWater
        let latest = all.reduce(header.latest) { max($0 ?? $1.at, $1.at) }
        for (event, number) in zip(events, numbers) {
            if let token = event.token { highWater = max(highWater, token) }
            var at = touched.firstIndex(of: number)
            if at == nil {
                touched.append(number)
                folded.append(try list.position(of: number).map {
                    try checkpoint.openTask(TaskOpenIndex.record(of: try list.entry($0)))
                })
                at = touched.count - 1
            }
            folded[at!]?.apply(event)
        }

        let wanted = domain.map { list.domains.firstIndex(of: $0) ?? -1 }
        let graceSeconds = Double(grace)
        var chosen: [WorkTask] = []
        for position in 0 ..< list.count {
            if first && !chosen.isEmpty { break }
            let entry = try list.entry(position)
            func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
            let flags = entry[5]
            if let wanted, flags & 4 == 0 || u32(52) != wanted { continue }
            let number = u32(0)
            if let at = touched.firstIndex(of: number) {
                guard let task = folded[at], task.stage == .open,
                      task.claim.map({ $0.state(at: now, grace: grace) == .lapsed }) ?? true
                else { continue }
                chosen.append(task)
                continue
            }
            let expires = Date(timeIntervalSinceReferenceDate: Double(bitPattern: UInt64(littleEndian: entry.loadUnaligned(
                fromByteOffset: 32, as: UInt64.self))))
            if flags & 2 != 0, now < expires.addingTimeInterval(graceSeconds) {
                // Claimed: a candidate only when the claim is bound to a process that has ended.
                guard flags & 8 != 0 else { continue }
                let task = try checkpoint.openTask(TaskOpenIndex.record(of: entry))
                guard task.claim?.holderProcessEnded ?? true else { continue }
                chosen.append(task)
                continue
            }
            chosen.append(try checkpoint.openTask(TaskOpenIndex.record(of: entry)))
        }

        // Their dependencies are done: the list holds only such tasks, and no record past the checkpoint undid one.
        let dependencies = chosen.flatMap { $0.after }.compactMap(TaskOpenIndex.canonicalNumber)
        var stages = [UInt8](repeating: 0xFF, count: (dependencies.max() ?? -1) + 1)
        for number in dependencies { stages[number] = TaskCheckpoint.stageCode(.done) }
        let known = ClosedTasks(byNumber: stages)
        var queue = TaskQueue(restoring: chosen, ranks: Array(chosen.indices), added: header.added, closed: known,
                              highWater: highWater, highestNumber: header.highestNumber, grace: grace)
        queue.know(known)
        let end = tail.lastIndex(of: LineScanner.newline).map { header.covered + Int64($0) + 1 } ?? header.covered
        var loaded = Loaded(queue: queue, size: size, folded: end, latest: latest, checkpoint: checkpoint, seen: seen,
                            isPartial: true, past: until == nil ? all : nil, tail: tail)
        loaded.readyList = .used
        return loaded
    }
}

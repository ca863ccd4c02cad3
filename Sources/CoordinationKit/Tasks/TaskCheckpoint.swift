import CoordStorage
import FoundationEssentials

/// `.coordination/.state/tasks.ckpt`: the task queue folded up to a point of
/// `tasks.jsonl`, so that task commands read it and fold only the records
/// past that point instead of decoding the whole journal.
///
/// It is derived state, checked before every use and never trusted over the
/// journal: its header names how many journal bytes it covers (always the
/// end of a complete line) and checksums of the first and last 4 KiB of
/// them, and every section carries its own checksum. A checkpoint that fails
/// a check, covers more than the journal holds, is from another format
/// version, or holds records later than the instant a view asks about, is
/// ignored and the journal is folded from the start. A record past it whose
/// id the checkpoint has already seen (a line repeated by a merge) also sends
/// the reader back to the full fold, which is the definition of the answer.
/// Deleting the file is always safe.
///
/// Sections, each at an offset the header gives:
/// - open: every task not known to be done or cancelled, in add order;
/// - closed index: the done and cancelled tasks by number, with their stage,
///   enough to tell whether a dependency is done without loading them;
/// - closed tasks: those tasks in full, read only by views that list them;
/// - seen: the 64-bit FNV-1a hashes of every record id folded, sorted;
/// - open index: for each open task, fixed-width fields (number, stage,
///   priority, due, creation, claim expiry, dependencies by number, domain)
///   and where its record starts, so `tasks --ready` and `task claim --next`
///   decide readiness without decoding a task and decode only those they show.
/// So those two read a few dozen bytes per task and stay flat as finished
/// work accumulates.
struct TaskCheckpoint {
    static let fileName = "tasks.ckpt"
    static let magic = Array("coord task checkpoint\n".utf8)
    static let formatVersion: UInt32 = 3
    /// The journal windows the header vouches for.
    static let window: Int64 = 4096

    enum Part: Int, CaseIterable { case open, closedIndex, closedTasks, seen, openIndex }

    struct Section: Equatable {
        var offset: Int64 = 0
        var length: Int64 = 0
        var count: Int = 0
        var sum: UInt64 = 0
    }

    struct Header: Equatable {
        /// Journal bytes folded: the end of a complete line.
        var covered: Int64
        var headSum: UInt64
        var tailSum: UInt64
        /// The latest `at` among the records folded (nil when none).
        var latest: Date?
        var highWater: Int64
        var highestNumber: Int
        /// Tasks ever added, open and closed.
        var added: Int
        var sections: [Section]

        static let size = magic.count + 4 + 8 * 3 + 9 + 8 * 3 + Part.allCases.count * 32 + 8

        func encoded() -> [UInt8] {
            var writer = CheckpointWriter()
            writer.bytes = magic
            writer.u32(formatVersion)
            writer.i64(covered)
            writer.u64(headSum)
            writer.u64(tailSum)
            writer.bool(latest != nil)
            writer.date(latest ?? Date(timeIntervalSinceReferenceDate: 0))
            writer.i64(highWater)
            writer.int(highestNumber)
            writer.int(added)
            for section in sections {
                writer.i64(section.offset)
                writer.i64(section.length)
                writer.int(section.count)
                writer.u64(section.sum)
            }
            writer.u64(CheckpointSum.of(writer.bytes))
            return writer.bytes
        }

        /// The checksum an encoded header ends with (of a header `decode` accepted).
        static func sum(of bytes: [UInt8]) -> UInt64 {
            bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: size - 8, as: UInt64.self)) }
        }

        static func decode(_ bytes: [UInt8]) throws -> Header {
            guard bytes.count == size, Array(bytes[0 ..< magic.count]) == magic,
                  CheckpointSum.of(bytes[0 ..< size - 8]) == bytes.withUnsafeBytes({
                      UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: size - 8, as: UInt64.self))
                  })
            else { throw CheckpointReader.Damaged() }
            return try bytes.withUnsafeBytes { raw in
                var reader = CheckpointReader(raw, at: magic.count)
                guard try reader.u32() == formatVersion else { throw CheckpointReader.Damaged() }
                let covered = try reader.i64()
                let headSum = try reader.u64()
                let tailSum = try reader.u64()
                let hasLatest = try reader.bool()
                let latest = try reader.date()
                var header = Header(covered: covered, headSum: headSum, tailSum: tailSum, latest: hasLatest ? latest : nil,
                                    highWater: try reader.i64(), highestNumber: try reader.int(), added: try reader.int(),
                                    sections: [])
                for _ in Part.allCases {
                    header.sections.append(Section(offset: try reader.i64(), length: try reader.i64(), count: try reader.int(),
                                                   sum: try reader.u64()))
                }
                guard covered >= 0, header.added >= 0,
                      header.sections.allSatisfy({ $0.offset >= size && $0.length >= 0 && $0.count >= 0 })
                else { throw CheckpointReader.Damaged() }
                return header
            }
        }
    }

    // MARK: Tasks

    static func stageCode(_ stage: WorkTask.Stage) -> UInt8 {
        switch stage {
        case .open: 0
        case .done: 1
        case .blocked: 2
        case .cancelled: 3
        }
    }

    static func stage(code: UInt8) throws -> WorkTask.Stage {
        switch code {
        case 0: .open
        case 1: .done
        case 2: .blocked
        case 3: .cancelled
        default: throw CheckpointReader.Damaged()
        }
    }

    static func encode(_ task: WorkTask, rank: Int, into writer: inout CheckpointWriter) {
        writer.int(rank)
        writer.string(task.id)
        writer.int(task.number)
        writer.string(task.title)
        writer.string(task.body)
        writer.int(task.priority)
        writer.date(task.due)
        writer.strings(task.paths)
        writer.string(task.domain)
        writer.strings(task.tags)
        writer.strings(task.after)
        writer.date(task.created)
        writer.string(task.createdBy)
        writer.u8(stageCode(task.stage))
        writer.bool(task.claim != nil)
        if let claim = task.claim {
            writer.string(claim.holder)
            writer.i64(claim.token)
            writer.date(claim.since)
            writer.date(claim.expires)
            writer.i64(claim.ttl)
            writer.bool(claim.locked)
            writer.bool(claim.process != nil)
            if let process = claim.process {
                writer.string(process.host)
                writer.i64(Int64(process.pid))
                writer.i64(Int64(bitPattern: process.started))
            }
        }
        writer.string(task.reason)
        writer.string(task.note)
        writer.date(task.closed)
        writer.string(task.closedBy)
    }

    static func decodeTask(_ reader: inout CheckpointReader) throws -> (rank: Int, task: WorkTask) {
        let rank = try reader.int()
        var task = WorkTask(id: try reader.string(), number: try reader.int(), title: try reader.string(),
                            body: try reader.optionalString(), priority: try reader.int(), due: try reader.optionalDate(),
                            paths: try reader.strings(), domain: try reader.optionalString(), tags: try reader.strings(),
                            after: try reader.strings(), created: try reader.date(), createdBy: try reader.string())
        task.stage = try stage(code: try reader.u8())
        if try reader.bool() {
            task.claim = TaskClaim(holder: try reader.string(), token: try reader.i64(), since: try reader.date(),
                                   expires: try reader.date(), ttl: try reader.i64(), locked: try reader.bool())
            if try reader.bool() {
                let host = try reader.string()
                guard let pid = Int32(exactly: try reader.i64()) else { throw CheckpointReader.Damaged() }
                task.claim?.process = HolderProcess(host: host, pid: pid, started: UInt64(bitPattern: try reader.i64()))
            }
        }
        task.reason = try reader.optionalString()
        task.note = try reader.optionalString()
        task.closed = try reader.optionalDate()
        task.closedBy = try reader.optionalString()
        return (rank, task)
    }

    static func decodeTasks(_ bytes: [UInt8], count: Int) throws -> [(rank: Int, task: WorkTask)] {
        try bytes.withUnsafeBytes { raw in
            var reader = CheckpointReader(raw)
            var tasks: [(rank: Int, task: WorkTask)] = []
            tasks.reserveCapacity(count)
            for _ in 0 ..< count { tasks.append(try decodeTask(&reader)) }
            guard reader.isAtEnd else { throw CheckpointReader.Damaged() }
            return tasks
        }
    }

    /// A done or cancelled task may leave the hot set when its id is the
    /// canonical form of its number (so the closed index can find it by number).
    static func canClose(_ task: WorkTask) -> Bool {
        (task.stage == .done || task.stage == .cancelled) && task.number <= Int(UInt32.max)
            && TaskID.format(task.number) == task.id
    }
}

/// The done and cancelled tasks a checkpoint keeps out of a queue: their
/// stage by number, looked up in place (8 bytes each: number, stage).
struct ClosedTasks: Sendable {
    let index: [UInt8]
    /// Instead of `index`: the stage code of every task by number (0xFF for
    /// none), for a queue that holds only the tasks a command shows.
    let byNumber: [UInt8]?

    init(index: [UInt8]) {
        self.index = index
        byNumber = nil
    }

    init(byNumber: [UInt8]) {
        index = []
        self.byNumber = byNumber
    }

    var count: Int { byNumber.map { $0.count { $0 != 0xFF } } ?? index.count / 8 }

    func stage(of id: String) -> WorkTask.Stage? {
        guard let number = TaskID.number(id), number <= Int(UInt32.max), TaskID.format(number) == id else { return nil }
        if let byNumber {
            guard number < byNumber.count else { return nil }
            return try? TaskCheckpoint.stage(code: byNumber[number])
        }
        let wanted = UInt32(number)
        return index.withUnsafeBytes { raw -> WorkTask.Stage? in
            var low = 0
            var high = raw.count / 8
            while low < high {
                let middle = (low + high) / 2
                let found = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: middle * 8, as: UInt32.self))
                if found == wanted {
                    return try? TaskCheckpoint.stage(code: raw[middle * 8 + 4])
                }
                if found < wanted { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }

    /// The index of `tasks` (done or cancelled, canonical ids).
    static func index(of tasks: [WorkTask]) -> [UInt8] {
        var writer = CheckpointWriter()
        for task in tasks.sorted(by: { $0.number < $1.number }) {
            writer.u32(UInt32(task.number))
            writer.u32(UInt32(TaskCheckpoint.stageCode(task.stage)))
        }
        return writer.bytes
    }
}

import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Glibc
import Testing
@testable import CoordinationKit

/// The checkpoint's ready list (`.state/tasks.ready`) holds the checkpoint's
/// unblocked tasks in ready order, and `task claim --next` read through it
/// takes the task the journal alone says is best, whatever records lie past
/// the checkpoint and whether the list is current, stale, damaged or gone.
@Suite struct TaskReadyCacheTests {
    static let agents = ["ann", "ben", "cat"]
    static let domains = ["api", "web"]

    func statePath(_ board: TemporaryBoard) -> String { board.path(".state") }

    /// Forty tasks: every task after the eighth waits on one or two earlier ones;
    /// mixed priorities, due times and domains.
    func makeBoard(_ random: inout SeededRandom) throws -> TemporaryBoard {
        let board = try TemporaryBoard()
        board.clock = .fixed(TestTime.morning)
        let tasks = Tasks(try board.workspace(), checkpointTail: 0)
        for number in 1 ... 40 {
            var draft = TaskDraft(title: "task \(number)", priority: Int.random(in: 0 ... 3, using: &random))
            if number > 8 { draft.after = [TaskID.format(number - 8)] }
            if number > 16, Bool.random(using: &random) { draft.after.append(TaskID.format(Int.random(in: 1 ... number - 9, using: &random))) }
            if number % 5 == 0 { draft.due = TestTime.morning.addingTimeInterval(Double(number) * 60) }
            if number % 3 == 0 { draft.domain = Self.domains[number % 2] }
            try tasks.add(draft, as: try AgentName("ann"), announce: false)
        }
        return board
    }

    /// The best ready task (of `domain`) read from the journal alone, `.state/` set aside.
    func bestWithoutState(_ board: TemporaryBoard, domain: String?) throws -> String? {
        let state = statePath(board)
        let names = [TaskCheckpoint.fileName, TaskTailCache.fileName, TaskReadyCache.fileName]
        let saved = names.map { ($0, FileBytes.read(state + "/" + $0)) }
        for name in names { unlink(state + "/" + name) }
        defer { for case let (name, bytes?) in saved { FileBytes.write(state + "/" + name, bytes) } }
        return try Tasks(try board.workspace()).list(TaskQuery(ready: true, domain: domain)).tasks.first?.id
    }

    /// Every ready task (of `domain`) in order, read from the journal alone, `.state/` set aside.
    func readyWithoutState(_ board: TemporaryBoard, domain: String?) throws -> [String] {
        let state = statePath(board)
        let names = [TaskCheckpoint.fileName, TaskTailCache.fileName, TaskReadyCache.fileName]
        let saved = names.map { ($0, FileBytes.read(state + "/" + $0)) }
        for name in names { unlink(state + "/" + name) }
        defer { for case let (name, bytes?) in saved { FileBytes.write(state + "/" + name, bytes) } }
        return try Tasks(try board.workspace()).list(TaskQuery(ready: true, domain: domain)).tasks.map(\.id)
    }

    func loader(_ board: TemporaryBoard) throws -> TaskQueueLoader {
        TaskQueueLoader(board: try board.workspace().board, grace: 30)
    }

    @Test func theListHoldsTheCheckpointsUnblockedTasksInReadyOrder() throws {
        var random = SeededRandom(seed: 7)
        let board = try makeBoard(&random)
        let settings = LockSettings(grace: 30)
        let tasks = Tasks(try board.workspace(), settings: settings, checkpointTail: 0)
        for agent in Self.agents {
            let held = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName(agent), announce: false)
            try tasks.apply(.done(note: nil), to: held.task.id, as: try AgentName(agent), announce: false)
        }
        // One more claim: it saves the checkpoint (a tail of 0 bytes) and then the list for it.
        _ = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName("ann"), announce: false)
        let checkpoint = try #require(TaskQueueLoader.open(try board.workspace().board))
        var list = try #require(TaskReadyCache.open(try board.workspace().board, for: checkpoint.identity))
        var listed: [String] = []
        for position in 0 ..< list.count {
            let entry = try list.entry(position)
            listed.append(TaskID.format(Int(UInt32(littleEndian: entry.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))))
        }
        let journal = try #require(FileBytes.read(board.path(TaskEvent.fileName)))
        let queue = TaskQueue(try TaskJournal.parse(journal, path: "tasks.jsonl").values, grace: 30)
        let unblocked = queue.all.filter { task in task.stage == .open && task.after.allSatisfy { queue.stage(of: $0) == .done } }
            .sorted(by: { TaskQueue.precedes($0, $1) }).map(\.id)
        #expect(listed == unblocked)
        #expect(unblocked.count > 4, "the board has work to list")
        #expect(queue.all.contains { $0.claim != nil && listed.contains($0.id) }, "a claimed task stays listed: its claim may lapse")
        for (position, id) in listed.enumerated() {
            #expect(list.position(of: TaskID.number(id)!) == position)
        }
        #expect(list.position(of: 40) == nil)
    }

    /// Claims, finishes, releases, renewals, adds and lapses in random order,
    /// with the ready list now and then damaged, cut off, replaced by a stale
    /// copy or removed: before every `claim --next`, the loader's best task is
    /// the journal's, the claim takes it, and `tasks --ready` lists what the journal lists.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func claimsThroughTheListTakeTheJournalsBestTask(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let board = try makeBoard(&random)
        let listPath = statePath(board) + "/" + TaskReadyCache.fileName
        var now = TestTime.morning
        var stale: [UInt8]? = nil
        var used = 0
        var listed = 0
        var damaged = 0
        var claims = 0
        for step in 0 ..< 160 {
            now = now.addingTimeInterval(Double(Int.random(in: 0 ... 6, using: &random) == 0
                                                    ? Int.random(in: 200 ... 700, using: &random) : Int.random(in: 1 ... 30, using: &random)))
            board.clock = .fixed(now)
            let tail: Int64 = [0, 400, 1500, 1500][Int.random(in: 0 ... 3, using: &random)]
            let tasks = Tasks(try board.workspace(), settings: LockSettings(grace: 30), checkpointTail: tail)
            let agent = try AgentName(Self.agents[Int.random(in: 0 ..< Self.agents.count, using: &random)])
            let context = "seed \(seed) step \(step)"
            do {
                switch Int.random(in: 0 ..< 100, using: &random) {
                case 0 ..< 50:
                    let domain = Int.random(in: 0 ... 4, using: &random) == 0 ? Self.domains[Int.random(in: 0 ... 1, using: &random)] : nil
                    let expected = try bestWithoutState(board, domain: domain)
                    let loaded = try loader(board).load(.ready(domain: domain, first: true), at: now)
                    if loaded.readyList == .used { used += 1 }
                    #expect(loaded.queue.ready(at: now, domain: domain).first?.id == expected, "\(context)")
                    // `tasks --ready` (a reader, as of now) reads the same list whole.
                    let listing = try loader(board).load(.ready(domain: domain, first: false), until: now)
                    if listing.readyList == .used { listed += 1 }
                    #expect(try tasks.list(TaskQuery(ready: true, domain: domain)).tasks.map(\.id)
                        == readyWithoutState(board, domain: domain), "\(context)")
                    claims += 1
                    do {
                        let claimed = try tasks.claim(Tasks.ClaimRequest(domain: domain, ttl: Int64(Int.random(in: 60 ... 400, using: &random))),
                                                      as: agent, announce: false)
                        #expect(claimed.task.id == expected, "\(context)")
                    } catch let error as CoordError {
                        #expect(expected == nil, "\(context): \(error)")
                    }
                case 50 ..< 65:
                    let mine = try tasks.list(TaskQuery(claimedBy: agent.rawValue)).tasks.map(\.id)
                    if let id = mine.first { try tasks.apply(.done(note: nil), to: id, as: agent, announce: false) }
                case 65 ..< 73:
                    let mine = try tasks.list(TaskQuery(claimedBy: agent.rawValue)).tasks.map(\.id)
                    if let id = mine.last { try tasks.apply(.release, to: id, as: agent, announce: false) }
                case 73 ..< 81:
                    let mine = try tasks.list(TaskQuery(claimedBy: agent.rawValue)).tasks.map(\.id)
                    if let id = mine.first { _ = try tasks.renew(id, as: agent) }
                case 81 ..< 86:
                    let known = try tasks.list(TaskQuery()).tasks.map(\.id)
                    var draft = TaskDraft(title: "later \(step)", priority: Int.random(in: 0 ... 3, using: &random))
                    if Bool.random(using: &random), let dependency = known.randomElement(using: &random) { draft.after = [dependency] }
                    try tasks.add(draft, as: agent, announce: false)
                case 86 ..< 94:
                    // The list damaged, cut off, stale or gone.
                    guard var bytes = FileBytes.read(listPath), !bytes.isEmpty else { break }
                    damaged += 1
                    switch Int.random(in: 0 ... 3, using: &random) {
                    case 0: bytes[Int.random(in: 0 ..< bytes.count, using: &random)] ^= 0x04
                    case 1: bytes.removeLast(Int.random(in: 1 ... bytes.count, using: &random))
                    case 2: bytes = stale ?? bytes
                    default: bytes = []
                    }
                    if bytes.isEmpty { unlink(listPath) } else { FileBytes.write(listPath, bytes) }
                default:
                    stale = FileBytes.read(listPath)
                }
            } catch is CoordError {
                // Refusals are part of the game.
            }
        }
        #expect(claims > 50)
        #expect(used > claims / 4, "the list answered \(used) of \(claims) claims")
        #expect(listed > claims / 4, "the list answered \(listed) of \(claims) ready listings")
        #expect(damaged > 0)
    }

    /// A list for another checkpoint is not read; a finished task past the
    /// checkpoint sends the claim to the open index (it may have made others ready).
    @Test func theListIsReadOnlyForItsCheckpointAndTailsOfClaims() throws {
        var random = SeededRandom(seed: 11)
        let board = try makeBoard(&random)
        let listPath = statePath(board) + "/" + TaskReadyCache.fileName
        let tasks = Tasks(try board.workspace(), settings: LockSettings(grace: 30), checkpointTail: 1 << 20)
        let ann = try AgentName("ann")
        // The first claim finds no list and writes one for the checkpoint the adds saved.
        let first = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: ann, announce: false)
        #expect(FileBytes.read(listPath) != nil)
        #expect(try loader(board).load(.ready(domain: nil, first: true), at: TestTime.morning).readyList == .used)
        let second = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: ann, announce: false)
        #expect(try loader(board).load(.ready(domain: nil, first: true), at: TestTime.morning).readyList == .used)

        try tasks.apply(.done(note: nil), to: first.task.id, as: ann, announce: false)
        let afterDone = try loader(board).load(.ready(domain: nil, first: true), at: TestTime.morning)
        #expect(afterDone.readyList == .current)
        #expect(afterDone.queue.ready(at: TestTime.morning).first?.id == (try bestWithoutState(board, domain: nil)))

        // A checkpoint saved by another command (here a renewal): the list names the one before.
        let listed = try #require(FileBytes.read(listPath))
        _ = try Tasks(try board.workspace(), settings: LockSettings(grace: 30), checkpointTail: 0).renew(second.task.id, as: ann)
        #expect(FileBytes.read(listPath) == listed, "only claim --next writes the list")
        #expect(try loader(board).load(.ready(domain: nil, first: true), at: TestTime.morning).readyList == .absent)
        _ = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: ann, announce: false)
        #expect(try loader(board).load(.ready(domain: nil, first: true), at: TestTime.morning).readyList == .used)
    }
    /// `canonicalNumber` reads the id's bytes: it accepts exactly the ids `TaskID.format` writes.
    @Test func aCanonicalIDIsOneTaskIDFormatWrites() {
        func byFormatting(_ id: String) -> Int? {
            guard let number = TaskID.number(id), number <= Int(UInt32.max), TaskID.format(number) == id else { return nil }
            return number
        }
        let odd = ["T-001", "T-1", "T-01", "T-0001", "T-1000", "T-01000", "T-000", "T-0", "t-001", "T-+01", "T--01", " T-001", "T-001 ",
                   "T-100", "T-010", "X-001", "T-", "T", "", "T-00a", "T-4294967295", "T-4294967296", "T-99999999999", "T-٣٣٣", "T-1e3"]
        for id in odd { #expect(TaskOpenIndex.canonicalNumber(id) == byFormatting(id), "\(id)") }
        for number in Array(1 ... 12_000) + [99_999, 100_000, 1_234_567, Int(UInt32.max)] {
            #expect(TaskOpenIndex.canonicalNumber(TaskID.format(number)) == number)
        }
    }
}

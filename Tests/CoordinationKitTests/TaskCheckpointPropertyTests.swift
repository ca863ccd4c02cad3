import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Glibc
import Testing
@testable import CoordinationKit

/// The task checkpoint never changes an answer: after random adds, links,
/// claims, renewals, finishes, blocks and cancellations, with the checkpoint
/// saved at random points, corrupted, replaced by a stale copy (the decoded
/// tail past it too), and with
/// repeated or hand-appended journal lines and a journal rolled back, every
/// view (`tasks` with each filter, `tasks --ready`, `task show`, the summary)
/// equals the one read from the same board without `.state/`.
@Suite struct TaskCheckpointPropertyTests {
    static let agents = ["ann", "ben", "cat"]
    static let domains = ["api", "web"]

    struct Views: Equatable {
        var lists: [TaskListDocument]
        var shows: [TaskDocument]
        var summary: TaskSummary?
        /// `coord tasks --ready` and `coord tasks` as text.
        var lines: [[String]]
    }

    func views(_ board: TemporaryBoard, at now: Date) throws -> Views {
        board.clock = .fixed(now)
        let tasks = Tasks(try board.workspace())
        var queries = [TaskQuery(), TaskQuery(ready: true)] + TaskStatus.allCases.map { TaskQuery(status: $0) }
        queries += Self.agents.map { TaskQuery(claimedBy: $0) } + Self.domains.map { TaskQuery(ready: true, domain: $0) }
        queries.append(TaskQuery(domain: "api"))
        let lists = try queries.map { try tasks.list($0) }
        let shows = try lists[0].tasks.prefix(40).map { try tasks.show($0.id) }
        let lines = try [TaskQuery(ready: true), TaskQuery()].map { query in
            let found = try tasks.select(query)
            return found.tasks.map { TaskText.line($0, in: found.queue, zone: .utc, now: found.now) }
        }
        #expect(lines == [lists[1], lists[0]].map { $0.tasks.map { TaskText.line($0, zone: .utc, now: now) } })
        return Views(lists: lists, shows: shows, summary: try TaskSummary.read(try board.workspace(), at: now), lines: lines)
    }

    /// What the board answers with the checkpoint, checked against the same
    /// board without it; true when the checkpoint was used.
    @discardableResult
    func expectSameAnswers(_ board: TemporaryBoard, at now: Date, _ context: String) throws -> Bool {
        let checkpointPath = board.path(".state/" + TaskCheckpoint.fileName)
        let saved = FileBytes.read(checkpointPath)
        let withCheckpoint = try views(board, at: now)
        #expect(FileBytes.read(checkpointPath) == saved, "reading never writes the checkpoint (\(context))")
        let used = try TaskQueueLoader(board: try board.workspace().board, grace: LockSettings.standard.grace)
            .load(.open, until: now).checkpoint != nil
        unlink(checkpointPath)
        let without = try views(board, at: now)
        if let saved { FileBytes.write(checkpointPath, saved) }
        #expect(withCheckpoint == without, "\(context)")
        return used
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func theCheckpointNeverChangesAnAnswer(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let board = try TemporaryBoard()
        let journalPath = board.path(TaskEvent.fileName)
        let checkpointPath = board.path(".state/" + TaskCheckpoint.fileName)
        var now = TestTime.morning
        var staleCheckpoint: [UInt8]? = nil
        let tailPath = board.path(".state/" + TaskTailCache.fileName)
        var staleTail: [UInt8]? = nil
        var tailDamaged = 0
        var used = 0
        var corrupted = 0
        for step in 0 ..< 150 {
            now = now.addingTimeInterval(Double(Int.random(in: 0 ... 5, using: &random) == 0
                                                    ? Int.random(in: 300 ... 900, using: &random) : Int.random(in: 1 ... 40, using: &random)))
            board.clock = .fixed(now)
            let tail: Int64? = [0, 0, 400, 3000, nil][Int.random(in: 0 ... 4, using: &random)]
            let tasks = Tasks(try board.workspace(), settings: LockSettings(grace: 30, compactionBytes: 4096), checkpointTail: tail)
            let agent = try AgentName(Self.agents[Int.random(in: 0 ..< Self.agents.count, using: &random)])
            let known = (try? tasks.list(TaskQuery()).tasks.map(\.id)) ?? []
            func anyTask() -> String { known.isEmpty ? "T-001" : known[Int.random(in: 0 ..< known.count, using: &random)] }
            let context = "seed \(seed) step \(step)"
            do {
                switch Int.random(in: 0 ..< 100, using: &random) {
                case 0 ..< 28:
                    var draft = TaskDraft(title: "task \(step)", priority: Int.random(in: 0 ... 3, using: &random))
                    for _ in 0 ..< Int.random(in: 0 ... 2, using: &random) where !known.isEmpty { draft.after.append(anyTask()) }
                    if Int.random(in: 0 ... 3, using: &random) == 0 { draft.due = now.addingTimeInterval(600) }
                    if Int.random(in: 0 ... 2, using: &random) == 0 { draft.domain = Self.domains[Int.random(in: 0 ... 1, using: &random)] }
                    try tasks.add(draft, as: agent, announce: false)
                case 28 ..< 45:
                    let domain = Int.random(in: 0 ... 3, using: &random) == 0 ? Self.domains[0] : nil
                    _ = try tasks.claim(Tasks.ClaimRequest(domain: domain, ttl: Int64(Int.random(in: 60 ... 600, using: &random))),
                                    as: agent, announce: false)
                case 45 ..< 52:
                    _ = try tasks.claim(Tasks.ClaimRequest(task: anyTask(), ttl: 300), as: agent, announce: false)
                case 52 ..< 66:
                    // Finish something this agent holds, when it holds anything.
                    let mine = try tasks.list(TaskQuery(claimedBy: agent.rawValue)).tasks.map(\.id)
                    try tasks.apply(.done(note: "ok"), to: mine.first ?? anyTask(), as: agent, announce: false)
                case 66 ..< 70: try tasks.apply(.release, to: anyTask(), as: agent, announce: false)
                case 70 ..< 74: try tasks.apply(.block(reason: "waits"), to: anyTask(), as: agent, announce: false)
                case 74 ..< 78: try tasks.apply(.unblock, to: anyTask(), as: agent, announce: false)
                case 78 ..< 82: try tasks.apply(.cancel(reason: "dropped"), to: anyTask(), as: agent, announce: false)
                case 82 ..< 85: _ = try tasks.renew(anyTask(), as: agent)
                case 85 ..< 88: try tasks.link(anyTask(), after: [anyTask()], as: agent, announce: false)
                case 88 ..< 90: try tasks.unlink(anyTask(), after: [anyTask()], as: agent, announce: false)
                case 90 ..< 92:
                    // A line repeated by a merge.
                    let lines = (FileBytes.read(journalPath) ?? []).split(separator: UInt8(ascii: "\n"))
                    if let line = lines.randomElement(using: &random) { FileBytes.append(journalPath, Array(line) + [10]) }
                case 92 ..< 95:
                    // A damaged checkpoint: a flipped byte, a cut-off file, or a stale copy.
                    guard var bytes = FileBytes.read(checkpointPath), !bytes.isEmpty else { break }
                    corrupted += 1
                    switch Int.random(in: 0 ... 2, using: &random) {
                    case 0: bytes[Int.random(in: 0 ..< bytes.count, using: &random)] ^= 0x20
                    case 1: bytes.removeLast(Int.random(in: 1 ... bytes.count, using: &random))
                    default: bytes = staleCheckpoint ?? bytes
                    }
                    FileBytes.write(checkpointPath, bytes)
                case 95 ..< 97:
                    // The journal rolled back to an earlier line, as a checkout of an older copy would.
                    let bytes = FileBytes.read(journalPath) ?? []
                    let ends = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
                    if ends.count > 2 { FileBytes.write(journalPath, Array(bytes[...ends[ends.count * 3 / 4]])) }
                default:
                    staleCheckpoint = FileBytes.read(checkpointPath)
                    staleTail = FileBytes.read(tailPath)
                }
                // The decoded tail damaged, cut off or replaced by a stale copy, now and then.
                if Int.random(in: 0 ..< 8, using: &random) == 0, var bytes = FileBytes.read(tailPath), !bytes.isEmpty {
                    tailDamaged += 1
                    switch Int.random(in: 0 ... 2, using: &random) {
                    case 0: bytes[Int.random(in: 0 ..< bytes.count, using: &random)] ^= 0x20
                    case 1: bytes.removeLast(Int.random(in: 1 ... bytes.count, using: &random))
                    default: bytes = staleTail ?? bytes
                    }
                    FileBytes.write(tailPath, bytes)
                }
            } catch is CoordError {
                // Refusals (someone else holds it, wrong state, nothing ready) are part of the game.
            }
            if try expectSameAnswers(board, at: now, context) { used += 1 }
            if step % 10 == 0 {
                // A view of an earlier moment.
                try expectSameAnswers(board, at: now.addingTimeInterval(-Double(Int.random(in: 1 ... 600, using: &random))),
                                      context + " (earlier)")
            }
        }
        #expect(used > 40, "the checkpoint was used in \(used) of 150 steps")
        #expect(corrupted > 0)
        #expect(tailDamaged > 0)
    }
}

import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Glibc
import Testing
@testable import CoordinationKit

/// The decoded records past the checkpoint (`.state/tasks.tail`) are exactly
/// what decoding those journal lines gives, and a missing, stale, cut-off,
/// damaged or padded cache, or a journal with lines the cache does not know,
/// gives the answers of the same board without `.state/`.
@Suite struct TaskTailCacheTests {
    static let agents = ["ann", "ben"]

    /// Every task with its status and claim, and the ready list in order.
    func answers(_ board: TemporaryBoard) throws -> [[TaskView]] {
        let tasks = Tasks(try board.workspace())
        return try [TaskQuery(), TaskQuery(ready: true)].map { try tasks.list($0).tasks }
    }

    func answersWithoutState(_ board: TemporaryBoard) throws -> [[TaskView]] {
        let state = board.path(".state")
        let saved = [TaskCheckpoint.fileName, TaskTailCache.fileName].map { ($0, FileBytes.read(state + "/" + $0)) }
        for (name, _) in saved { unlink(state + "/" + name) }
        defer { for case let (name, bytes?) in saved { FileBytes.write(state + "/" + name, bytes) } }
        return try answers(board)
    }

    /// Twelve tasks, a checkpoint saved after the adds, then claims at instants
    /// with microseconds (which the journal writes to the millisecond) past it.
    func makeBoard(claims: Int) throws -> TemporaryBoard {
        let board = try TemporaryBoard()
        board.clock = .fixed(TestTime.morning)
        let adding = Tasks(try board.workspace(), checkpointTail: 0)
        for number in 1 ... 12 {
            var draft = TaskDraft(title: "task \(number)", priority: number % 3)
            if number > 6 { draft.after = [TaskID.format(number - 6)] }
            if number % 4 == 0 { draft.due = TestTime.morning.addingTimeInterval(3600.000_4) }
            try adding.add(draft, as: try AgentName("ann"), announce: false)
        }
        for claim in 0 ..< claims {
            board.clock = .fixed(TestTime.morning.addingTimeInterval(Double(claim) * 7.123_456_7 + 0.000_9))
            let tasks = Tasks(try board.workspace(), checkpointTail: 1 << 20)
            _ = try tasks.claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName(Self.agents[claim % 2]), announce: false)
        }
        return board
    }

    func tail(_ board: TemporaryBoard) throws -> (start: Int64, bytes: [UInt8]) {
        let bytes = try #require(FileBytes.read(board.path(".state/" + TaskCheckpoint.fileName)))
        let header = try TaskCheckpoint.Header.decode(Array(bytes.prefix(TaskCheckpoint.Header.size)))
        let journal = try #require(FileBytes.read(board.path(TaskEvent.fileName)))
        return (header.covered, Array(journal[Int(header.covered)...]))
    }

    @Test func theCachedRecordsAreWhatDecodingTheLinesGives() throws {
        let board = try makeBoard(claims: 4)
        let (start, bytes) = try tail(board)
        let decoded = try TaskJournal.parse(bytes, path: "tasks.jsonl").values
        #expect(decoded.count == 4)
        let cached = try #require(TaskTailCache.read(try board.workspace().board, start: start, tail: bytes))
        #expect(cached.length == bytes.count)
        #expect(cached.events == decoded)
        // The writer vouches that none of them is a record the checkpoint folded.
        let checkpoint = try #require(FileBytes.read(board.path(".state/" + TaskCheckpoint.fileName)))
        let header = try TaskCheckpoint.Header.decode(Array(checkpoint.prefix(TaskCheckpoint.Header.size)))
        #expect(cached.unseenIn == header.sections[TaskCheckpoint.Part.seen.rawValue].sum)
        #expect(try answers(board) == answersWithoutState(board))
    }

    /// A cache that vouches against another checkpoint's list of folded records
    /// vouches for nothing: a claim the checkpoint folded (and a release after
    /// it), repeated in the tail, is still seen for the repeat it is.
    @Test func aCacheVouchesOnlyForTheCheckpointItNames() throws {
        let board = try makeBoard(claims: 0)
        let saving = Tasks(try board.workspace(), checkpointTail: 0)
        let ann = try AgentName("ann")
        _ = try saving.claim(Tasks.ClaimRequest(task: "T-001", ttl: 600), as: ann, announce: false)
        let journalPath = board.path(TaskEvent.fileName)
        let claimLine = try #require(FileBytes.read(journalPath)).split(separator: UInt8(ascii: "\n")).last.map(Array.init)
        try saving.apply(.release, to: "T-001", as: ann, announce: false)
        let (start, _) = try tail(board)
        #expect(start == Int64(try #require(FileBytes.read(journalPath)).count), "the checkpoint folded the claim and the release")
        FileBytes.append(journalPath, try #require(claimLine) + [10])
        let (_, bytes) = try tail(board)
        let events = try TaskJournal.parse(bytes, path: "tasks.jsonl").values
        let checkpoint = try #require(FileBytes.read(board.path(".state/" + TaskCheckpoint.fileName)))
        let header = try TaskCheckpoint.Header.decode(Array(checkpoint.prefix(TaskCheckpoint.Header.size)))
        let seenSum = header.sections[TaskCheckpoint.Part.seen.rawValue].sum
        TaskTailCache.write(try board.workspace().board, start: start, tail: bytes, events: events, unseenIn: seenSum &+ 1)
        #expect(try #require(TaskTailCache.read(try board.workspace().board, start: start, tail: bytes)).unseenIn == seenSum &+ 1)
        let expected = try answersWithoutState(board)
        #expect(expected[1].contains { $0.id == "T-001" }, "the repeated claim changes nothing: T-001 is ready")
        #expect(try answers(board) == expected)
    }

    @Test func aDamagedStaleOrMissingCacheChangesNoAnswer() throws {
        let board = try makeBoard(claims: 3)
        let cachePath = board.path(".state/" + TaskTailCache.fileName)
        let stale = try #require(FileBytes.read(cachePath))
        // One more claim: the cache above is now stale (it covers only the first lines).
        board.clock = .fixed(TestTime.morning.addingTimeInterval(100.000_7))
        _ = try Tasks(try board.workspace(), checkpointTail: 1 << 20).claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName("cat"),
                                                                           announce: false)
        let good = try #require(FileBytes.read(cachePath))
        #expect(good != stale)
        let expected = try answersWithoutState(board)
        #expect(try answers(board) == expected)
        var random = SeededRandom(seed: 15)
        var damaged: [[UInt8]] = [stale, [], Array(good.prefix(good.count / 2)), Array(good.dropLast()), good + [0, 1, 2],
                                  Array("not a cache\n".utf8)]
        for _ in 0 ..< 24 {
            var bytes = good
            bytes[Int.random(in: 0 ..< bytes.count, using: &random)] ^= UInt8.random(in: 1 ... 255, using: &random)
            damaged.append(bytes)
        }
        for (round, bytes) in damaged.enumerated() {
            FileBytes.write(cachePath, bytes)
            #expect(try answers(board) == expected, "round \(round)")
        }
        unlink(cachePath)
        #expect(try answers(board) == expected, "missing")
        // The stale cache still vouches for the lines it covers; the line past them is decoded.
        let (start, tailBytes) = try tail(board)
        FileBytes.write(cachePath, stale)
        let prefix = try #require(TaskTailCache.read(try board.workspace().board, start: start, tail: tailBytes))
        #expect(prefix.length < tailBytes.count && prefix.events.count == 3)
        let partial = try #require(try TaskTailCache.events(try board.workspace().board, start: start, tail: tailBytes, path: "tasks.jsonl"))
        #expect(partial.events == (try TaskJournal.parse(tailBytes, path: "tasks.jsonl").values))
        // It vouches for no line it does not cover: the reader checks the whole tail against the checkpoint.
        #expect(partial.unseenIn == nil)
        #expect(try answers(board) == expected, "stale")
    }

    /// A line the cache does not know (appended by hand, or a line repeated by a
    /// merge) is decoded, and a later write does not cache a tail it cannot vouch for.
    @Test func linesAppendedByHandAreDecoded() throws {
        let board = try makeBoard(claims: 2)
        let journalPath = board.path(TaskEvent.fileName)
        let lines = try #require(FileBytes.read(journalPath)).split(separator: UInt8(ascii: "\n"))
        // A claim repeated: the reader must see the repeat and fold the journal.
        FileBytes.append(journalPath, Array(lines[lines.count - 1]) + [10])
        #expect(try answers(board) == answersWithoutState(board))
        FileBytes.append(journalPath, [10])  // a blank line
        board.clock = .fixed(TestTime.morning.addingTimeInterval(200.5))
        _ = try Tasks(try board.workspace(), checkpointTail: 1 << 20).claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName("ann"),
                                                                           announce: false)
        #expect(try answers(board) == answersWithoutState(board))
    }

    /// Every process reads the board (`tasks --ready`) the same with the cache as without it,
    /// and a claim through the cache takes the task a claim without `.state/` would.
    @Test func aClaimReadThroughTheCacheTakesWhatTheJournalSays() throws {
        let board = try makeBoard(claims: 5)
        let expected = try answersWithoutState(board)
        #expect(try answers(board) == expected)
        let state = board.path(".state")
        let copy = try TemporaryBoard()
        _ = try Subprocess.run(["/bin/cp", board.path(TaskEvent.fileName), copy.path(TaskEvent.fileName)])
        _ = try Subprocess.run(["/bin/rm", "-rf", copy.path(".state")])
        for target in [board, copy] {
            target.clock = .fixed(TestTime.morning.addingTimeInterval(300.25))
        }
        let through = try Tasks(try board.workspace()).claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName("ben"), announce: false)
        let without = try Tasks(try copy.workspace()).claim(Tasks.ClaimRequest(ttl: 600), as: try AgentName("ben"), announce: false)
        #expect(through.task.id == without.task.id)
        #expect(FileBytes.read(state + "/" + TaskTailCache.fileName) != nil)
    }
}

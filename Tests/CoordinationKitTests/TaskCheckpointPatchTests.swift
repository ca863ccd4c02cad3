import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Glibc
import Testing
@testable import CoordinationKit

/// Saving the task checkpoint by patching it (copying the records the journal's
/// tail leaves alone) gives the answers the journal gives, keeps tasks closed
/// since in the open section, and moves them out with a full save once they
/// are many.
@Suite struct TaskCheckpointPatchTests {
    static let at = "\"at\":\"2026-11-21T08:00:00.000Z\""

    /// `count` tasks added by hand; every task after the tenth waits on the one ten before it.
    static func adds(_ numbers: ClosedRange<Int>) -> String {
        numbers.map { number in
            let after = number > 10 ? ",\"after\":[\"\(TaskID.format(number - 10))\"]" : ""
            return "{\"actor\":\"seed\"\(after),\(at),\"event\":\"add\",\"id\":\"a\(number)\",\"priority\":\(number % 4),"
                + "\"task\":\"\(TaskID.format(number))\",\"title\":\"work \(number)\",\"v\":1}\n"
        }.joined()
    }

    /// Each of `numbers` claimed and finished by hand.
    static func finish(_ numbers: ClosedRange<Int>) -> String {
        numbers.map { number in
            let id = TaskID.format(number)
            return "{\"actor\":\"seed\",\(at),\"event\":\"claim\",\"expires\":\"2026-11-21T08:30:00.000Z\",\"id\":\"c\(number)\","
                + "\"task\":\"\(id)\",\"token\":\(100_000 + number),\"ttl\":1800,\"v\":1}\n"
                + "{\"actor\":\"seed\",\(at),\"event\":\"done\",\"id\":\"f\(number)\",\"task\":\"\(id)\",\"token\":\(100_000 + number),\"v\":1}\n"
        }.joined()
    }

    func header(_ board: TemporaryBoard) throws -> TaskCheckpoint.Header {
        let bytes = try #require(FileBytes.read(board.path(".state/" + TaskCheckpoint.fileName)))
        return try TaskCheckpoint.Header.decode(Array(bytes.prefix(TaskCheckpoint.Header.size)))
    }

    func count(_ part: TaskCheckpoint.Part, _ board: TemporaryBoard) throws -> Int {
        try header(board).sections[part.rawValue].count
    }

    /// Every task with its status, claim and dependencies, and the ready list in order,
    /// read with the checkpoint and then without it.
    func expectSameAnswers(_ board: TemporaryBoard, _ context: Comment) throws {
        let checkpointPath = board.path(".state/" + TaskCheckpoint.fileName)
        func answers() throws -> [[String]] {
            let tasks = Tasks(try board.workspace())
            return try [TaskQuery(), TaskQuery(ready: true)].map { query in
                try tasks.list(query).tasks.map { "\($0.id) \($0.status) \($0.claim?.holder ?? "-") \($0.after)" }
            }
        }
        let loaded = try TaskQueueLoader(board: try board.workspace().board, grace: LockSettings.standard.grace).load(.open)
        #expect(loaded.checkpoint != nil, "the checkpoint passes its checks (\(context))")
        let with = try answers()
        let saved = try #require(FileBytes.read(checkpointPath))
        unlink(checkpointPath)
        let without = try answers()
        FileBytes.write(checkpointPath, saved)
        #expect(with == without, context)
    }

    /// A checkpoint damaged where the last patching save changed it (the claimed
    /// task's open-index entry or record, or cut off there, as a torn write would
    /// leave it) fails its checks: readers fold the journal instead, the answers
    /// and the next claim are the journal's, and that claim saves a good checkpoint.
    @Test func aCheckpointDamagedWhereAPatchChangedItIsRefusedAndTheAnswerIsTheJournals() throws {
        for damage in ["entry", "record", "cut"] {
            let board = try TemporaryBoard()
            let checkpointPath = board.path(".state/" + TaskCheckpoint.fileName)
            FileBytes.append(board.path(TaskEvent.fileName), Array(Self.adds(1 ... 300).utf8))
            let tasks = Tasks(try board.workspace(), checkpointTail: 0)
            let ann = try AgentName("ann")
            _ = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false)  // the full save
            let claimed = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false).task  // a patch: its entry and record change
            try expectSameAnswers(board, "\(damage): before the damage")

            var bytes = try #require(FileBytes.read(checkpointPath))
            let sections = try header(board).sections
            let indexSection = sections[TaskCheckpoint.Part.openIndex.rawValue]
            let openSection = sections[TaskCheckpoint.Part.open.rawValue]
            let index = try #require(try TaskOpenIndex(Array(bytes[Int(indexSection.offset) ..< Int(indexSection.offset + indexSection.length)])))
            var found: (position: Int, entry: TaskOpenIndex.Entry)? = nil
            var position = 0
            try index.forEach { entry, _ in
                if entry.number == claimed.number { found = (position, entry) }
                position += 1
            }
            let (at, entry) = try #require(found, "\(damage): the claimed task has an entry")
            #expect(entry.hasClaim, "\(damage): the patched entry holds the claim")
            let entryStart = Int(indexSection.offset) + TaskOpenIndex.headerSize + at * TaskOpenIndex.entrySize
            switch damage {
            case "entry": bytes[entryStart + 32] ^= 0x40  // the claim's expiry
            case "record": bytes[Int(openSection.offset) + entry.offset + entry.length / 2] ^= 0x20
            default: bytes.removeLast(bytes.count - (entryStart + TaskOpenIndex.entrySize / 2))
            }
            FileBytes.write(checkpointPath, bytes)

            // Each reader refuses the sections it uses: a claim's read the index (then it
            // falls back to decoding the open section), a full read the open section.
            // (The claim's read of the ready list, a copy of the entries made while the
            // checkpoint was whole, is set aside here; it needs only the records it decodes.)
            let listPath = board.path(".state/" + TaskReadyCache.fileName)
            let list = FileBytes.read(listPath)
            #expect(list != nil, "\(damage): the claims wrote the ready list")
            unlink(listPath)
            let workspace = try board.workspace()
            let loader = TaskQueueLoader(board: workspace.board, grace: LockSettings.standard.grace)
            let checkpoint = try #require(TaskQueueLoader.open(workspace.board), "\(damage): the header is intact")
            let journalFile = try #require(try workspace.board.openFile(TaskEvent.fileName, mode: .readOnly))
            if damage == "record" {
                #expect(try loader.load(.open).checkpoint == nil, "\(damage): a full read refuses the checkpoint")
            } else {
                #expect(throws: CheckpointReader.Damaged.self, "\(damage): the claim's read refuses the index") {
                    try loader.ready(from: checkpoint, journal: journalFile, size: try journalFile.size(), domain: nil, first: true,
                                     at: Date(timeIntervalSinceReferenceDate: 0), until: nil)
                }
            }
            if let list { FileBytes.write(listPath, list) }
            // The answers with the damaged checkpoint are those of the journal alone.
            func answers() throws -> [[String]] {
                try [TaskQuery(), TaskQuery(ready: true)].map { query in
                    try tasks.list(query).tasks.map { "\($0.id) \($0.status) \($0.claim?.holder ?? "-") \($0.after)" }
                }
            }
            let damaged = try answers()
            unlink(checkpointPath)
            let journal = try answers()
            FileBytes.write(checkpointPath, bytes)
            #expect(damaged == journal, "\(damage): the answers are the journal's")
            let next = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false).task
            #expect(next.id == journal[1].first?.split(separator: " ").first.map(String.init), "\(damage): the next claim takes the journal's best")
            try expectSameAnswers(board, "\(damage): after the next claim saved again")
        }
    }

    @Test func aPatchedCheckpointAnswersAsTheJournalDoesAndCompactsWhenClosedTasksPileUp() throws {
        let board = try TemporaryBoard()
        let journal = board.path(TaskEvent.fileName)
        FileBytes.append(journal, Array(Self.adds(1 ... 300).utf8))
        let tasks = Tasks(try board.workspace(), checkpointTail: 0)
        let ann = try AgentName("ann")

        // No checkpoint yet: the first write saves one in full.
        let first = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false)
        #expect(try count(.open, board) == 300)
        #expect(try count(.closedIndex, board) == 0)
        try expectSameAnswers(board, "after the full save")

        // Finished tasks, a new task and a claim past it: patched, so the finished ones stay in the open section.
        // (The tasks finished by hand wait on others, so no claim here takes them.)
        FileBytes.append(journal, Array(Self.finish(291 ... 300).utf8))
        try tasks.add(TaskDraft(title: "late work", after: ["T-005", "T-290"]), as: ann, announce: false)
        try tasks.apply(.done(note: nil), to: first.task.id, as: ann, announce: false)
        let second = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false)
        #expect(second.task.id != first.task.id)
        #expect(try count(.open, board) == 301)
        #expect(try count(.closedIndex, board) == 0)
        #expect(try header(board).added == 301)
        #expect(try header(board).covered == Int64(FileBytes.read(journal)!.count))
        try expectSameAnswers(board, "after patches")

        // 281 closed tasks in the open section (more than 256, and more than one in eight): a full save moves them out.
        FileBytes.append(journal, Array(Self.finish(21 ... 290).utf8))
        _ = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false)
        #expect(try count(.closedIndex, board) == 281)
        #expect(try count(.closedTasks, board) == 281)
        #expect(try count(.open, board) == 20)
        try expectSameAnswers(board, "after the compacting save")

        // And patching resumes on the compacted checkpoint.
        FileBytes.append(journal, Array(Self.finish(11 ... 15).utf8))
        _ = try tasks.claim(Tasks.ClaimRequest(), as: ann, announce: false)
        #expect(try count(.closedIndex, board) == 281)
        #expect(try count(.open, board) == 20)
        #expect(try header(board).covered == Int64(FileBytes.read(journal)!.count))
        try expectSameAnswers(board, "after a patch of the compacted checkpoint")
    }

    /// Without tasks closed since, a patch writes byte for byte what a save from the journal alone writes.
    @Test func aPatchWritesTheBytesOfAFullSave() throws {
        let board = try TemporaryBoard()
        FileBytes.append(board.path(TaskEvent.fileName), Array(Self.adds(1 ... 300).utf8))
        let workspace = try board.workspace()
        let ann = try AgentName("ann")
        _ = try Tasks(workspace, checkpointTail: 0).claim(Tasks.ClaimRequest(), as: ann, announce: false)
        let unsaved = Tasks(workspace, checkpointTail: nil)
        for _ in 0 ..< 3 { _ = try unsaved.claim(Tasks.ClaimRequest(), as: ann, announce: false) }
        try unsaved.add(TaskDraft(title: "api work", after: ["T-001"], domain: "api"), as: ann, announce: false)
        try unsaved.link("T-300", after: ["T-299"], as: ann, announce: false)

        let loader = TaskQueueLoader(board: workspace.board, grace: LockSettings.standard.grace)
        let loaded = try loader.load(.open)
        let checkpoint = try #require(loaded.checkpoint)
        let journal = try #require(try workspace.board.openFile(TaskEvent.fileName, mode: .readOnly))
        try loader.patch(checkpoint, after: loaded, journal: journal, size: try journal.size())
        let checkpointPath = board.path(".state/" + TaskCheckpoint.fileName)
        let patched = try #require(FileBytes.read(checkpointPath))
        #expect(try header(board).covered == Int64(FileBytes.read(board.path(TaskEvent.fileName))!.count))

        unlink(checkpointPath)
        loader.save(after: try loader.load(.open), limit: 0)
        #expect(FileBytes.read(checkpointPath) == patched)
    }
}

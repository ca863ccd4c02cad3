import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing

/// A full disk, for real: each write command runs with `RLIMIT_FSIZE` set
/// (bash `ulimit -f`) and `SIGXFSZ` ignored, so a `write(2)` that crosses the
/// limit is cut short and the next one fails with `EFBIG`, exactly as on a
/// full filesystem. No call is mocked.
@Suite struct FullDiskTests {
    static let now = "2026-11-21T09:30:00Z"
    /// The file size limit, in bytes: `ulimit -f` counts 1,024-byte blocks.
    static let limit = 2 * 1024

    func coord(_ arguments: [String], on board: TemporaryBoard, as agent: String = "a",
               limitedTo blocks: Int? = nil) throws -> ProcessResult {
        let environment = ["COORD_AGENT": agent, "COORD_NOW": Self.now]
        guard let blocks else { return try CoordBinary.run(arguments, in: board.root, environment: environment) }
        let command = ([CoordBinary.path] + arguments).map(Subprocess.shellQuote).joined(separator: " ")
        return try Subprocess.run(["/bin/bash", "-c", "trap '' XFSZ; ulimit -f \(blocks) && exec \(command)"],
                                  environment: environment, directory: board.root)
    }

    /// Pads BULLETIN.md with one hand-written line so it is `size` bytes long.
    func padBulletin(_ board: TemporaryBoard, to size: Int) {
        let current = FileBytes.read(board.path("BULLETIN.md"))?.count ?? 0
        let prefix = "- [09:00] cron: "
        let fill = size - current - prefix.utf8.count - 1
        precondition(fill > 0, "the bulletin is already \(current) bytes")
        board.appendRaw("BULLETIN.md", Array((prefix + String(repeating: "x", count: fill) + "\n").utf8))
    }

    /// True when the file holds `bytes` (compared here, so a failure does not print every byte).
    func unchanged(_ path: String, _ bytes: [UInt8]?) -> Bool { FileBytes.read(path) == bytes }

    func messages(_ board: TemporaryBoard) throws -> [String] {
        let read = try coord(["read", "--json", "--limit", "0"], on: board)
        #expect(read.status == 0, "\(read.standardError)")
        return try JSONLines.objects(read.standardOutput).compactMap { $0.string("message") }
    }

    @Test func aPostCutShortLeavesNothingThatTheNextPostTurnsIntoAnEntry() throws {
        try TemporaryBoard.with { board in
            #expect(try coord(["post", "first"], on: board).status == 0)
            padBulletin(board, to: Self.limit - 100)
            let before = FileBytes.read(board.path("BULLETIN.md"))
            let long = String(repeating: "cut ", count: 100)

            let failed = try coord(["post", long], on: board, limitedTo: Self.limit / 1024)
            #expect(failed.status == 1)
            #expect(failed.standardError.contains("nothing was recorded"), "\(failed.standardError)")
            #expect(unchanged(board.path("BULLETIN.md"), before))

            #expect(try coord(["post", "after space was freed"], on: board).status == 0)
            let read = try messages(board)
            #expect(read.first == "first")
            #expect(read.last == "after space was freed")
            #expect(!read.contains { $0.hasPrefix("cut") })
            #expect(try coord(["doctor"], on: board).status == 0)
        }
    }

    /// Every size of cut: the write is stopped after 1, 2, … bytes of the line.
    @Test func noLengthOfShortWriteLeavesAnythingBehind() throws {
        try TemporaryBoard.with { board in
            #expect(try coord(["post", "first"], on: board).status == 0)
            padBulletin(board, to: Self.limit - 1)
            for length in [0, 1, 5, 40, 300] {
                let before = FileBytes.read(board.path("BULLETIN.md"))
                let failed = try coord(["post", String(repeating: "y", count: 1 + length)], on: board, limitedTo: Self.limit / 1024)
                #expect(failed.status == 1, "\(length): \(failed.standardError)")
                #expect(unchanged(board.path("BULLETIN.md"), before), "cut after \(length)")
            }
            #expect(try coord(["post", "fine"], on: board).status == 0)
            #expect(try messages(board).filter { $0.hasPrefix("y") }.isEmpty)
            #expect(try coord(["doctor"], on: board).status == 0)
        }
    }

    @Test func aDecisionWhoseBulletinLineFailsIsCommittedAndSaysSo() throws {
        try TemporaryBoard.with { board in
            padBulletin(board, to: Self.limit)
            let decided = try coord(["decide", "Use Postgres", "--context", "c", "--rationale", "r"], on: board,
                                    limitedTo: Self.limit / 1024)
            #expect(decided.status == 0, "\(decided.standardError)")
            #expect(decided.standardError.contains("warning"), "\(decided.standardError)")
            #expect(decided.standardError.contains("BULLETIN.md"), "\(decided.standardError)")
            let listed = try coord(["decisions", "--json"], on: board)
            let document = try BoardJSON.decode([String: JSONValue].self, from: Array(listed.standardOutput.utf8))
            guard case .array(let decisions)? = document["decisions"] else {
                Issue.record("no decisions in \(listed.standardOutput)")
                return
            }
            #expect(decisions.count == 1)
        }
    }

    @Test func aWorkerUpdateWhoseBulletinLineFailsIsCommittedAndSaysSo() throws {
        try TemporaryBoard.with { board in
            #expect(try coord(["launch", "--workers", "1", "--domains", "api", "--goal", "Ship"], on: board, as: "lead").status == 0)
            padBulletin(board, to: Self.limit * 2)
            let updated = try coord(["worker", "update", "--note", "halfway"], on: board, as: "worker-1-api",
                                    limitedTo: Self.limit * 2 / 1024)
            #expect(updated.status == 0, "\(updated.standardError)")
            #expect(updated.standardError.contains("warning"), "\(updated.standardError)")
            let shown = try coord(["worker", "show", "api", "--json"], on: board)
            #expect(shown.standardOutput.contains("halfway"), "\(shown.standardOutput)")
        }
    }

    /// The announcement is appended inside the lock command's own critical
    /// section, after the grant or release: its failure still leaves the
    /// record committed, exit 0 and a warning.
    @Test func aLockAndUnlockWhoseBulletinLinesFailAreCommittedAndSaySo() throws {
        try TemporaryBoard.with { board in
            padBulletin(board, to: Self.limit)
            let bulletin = FileBytes.read(board.path("BULLETIN.md"))
            let locked = try coord(["lock", "src/auth/", "--intent", "refactor"], on: board, limitedTo: Self.limit / 1024)
            #expect(locked.status == 0, "\(locked.standardError)")
            #expect(locked.standardError.contains("warning"), "\(locked.standardError)")
            #expect(locked.standardError.contains("BULLETIN.md"), "\(locked.standardError)")
            let held = try coord(["check", "src/auth/login.swift"], on: board, as: "b")
            #expect(held.status != 0, "the grant must stand: \(held.standardOutput)")

            let unlocked = try coord(["unlock", "src/auth/"], on: board, limitedTo: Self.limit / 1024)
            #expect(unlocked.status == 0, "\(unlocked.standardError)")
            #expect(unlocked.standardError.contains("warning"), "\(unlocked.standardError)")
            let free = try coord(["check", "src/auth/login.swift"], on: board, as: "b")
            #expect(free.status == 0, "the release must stand: \(free.standardOutput)")
            #expect(unchanged(board.path("BULLETIN.md"), bulletin))
        }
    }

    /// The primary record itself fails: exit 1, and nothing of it is on the board.
    @Test func aDecisionThatCannotBeWrittenCommitsNothing() throws {
        try TemporaryBoard.with { board in
            let journal = board.path("decisions.jsonl")
            FileBytes.write(journal, Array(repeating: UInt8(ascii: "\n"), count: Self.limit - 10))
            let before = FileBytes.read(journal)
            let bulletin = FileBytes.read(board.path("BULLETIN.md"))
            let decided = try coord(["decide", "Use Postgres", "--context", "c", "--rationale", "r"], on: board,
                                    limitedTo: Self.limit / 1024)
            #expect(decided.status == 1, "\(decided.standardError)")
            #expect(unchanged(journal, before))
            #expect(unchanged(board.path("BULLETIN.md"), bulletin))
        }
    }
}

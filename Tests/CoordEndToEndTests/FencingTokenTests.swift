import CoordStorage
import CoordinationKit
import CoordTestSupport
import Glibc
import Testing

/// Fencing tokens never go backwards, whatever happens to `locks.jsonl`.
@Suite struct FencingTokenTests {
    func lock(_ path: String, on board: TemporaryBoard, as agent: String = "a") throws -> Int64 {
        let result = try CoordBinary.run(["lock", path, "--intent", "edit", "--quiet"], in: board.root,
                                         environment: ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T09:30:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
        let listed = try CoordBinary.run(["locks", "--json"], in: board.root,
                                         environment: ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T09:30:00Z"])
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(listed.standardOutput.utf8))
        guard case .array(let locks)? = document["locks"] else { return -1 }
        let tokens = locks.compactMap { lock -> Int64? in
            guard case .object(let fields) = lock, fields["path"] == .string(path) else { return nil }
            return fields["token"]?.integerValue
        }
        return tokens.max() ?? -1
    }

    func unlock(_ path: String, on board: TemporaryBoard, as agent: String = "a") throws {
        let result = try CoordBinary.run(["unlock", path, "--quiet"], in: board.root,
                                         environment: ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T09:30:00Z"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func anOlderOrDeletedJournalDoesNotHandOutUsedTokens() throws {
        try TemporaryBoard.with { board in
            let first = try lock("src/a", on: board)
            try unlock("src/a", on: board)
            let older = try #require(FileBytes.read(board.path("locks.jsonl")))
            let second = try lock("src/b", on: board)
            try unlock("src/b", on: board)
            #expect(second > first)

            FileBytes.write(board.path("locks.jsonl"), older)  // git checkout of an older copy
            let third = try lock("src/c", on: board)
            #expect(third > second)

            unlink(board.path("locks.jsonl"))
            let fourth = try lock("src/d", on: board)
            #expect(fourth > third)
        }
    }

    /// Random grants, releases, restores of older copies, deletions and
    /// truncations: every token handed out is larger than every one before.
    @Test func tokensGrowThroughAnySequenceOfJournalMishaps() throws {
        try TemporaryBoard.with { board in
            var random = SeededRandom(seed: 11)
            var copies: [[UInt8]] = [[]]
            var highest: Int64 = 0
            for step in 0 ..< 30 {
                switch Int.random(in: 0 ..< 5, using: &random) {
                case 0, 1:
                    let path = "src/\(step)"
                    let token = try lock(path, on: board, as: "agent-\(step % 3)")
                    #expect(token > highest, "step \(step): token \(token) after \(highest)")
                    highest = max(highest, token)
                    if Bool.random(using: &random) { try unlock(path, on: board, as: "agent-\(step % 3)") }
                    copies.append(FileBytes.read(board.path("locks.jsonl")) ?? [])
                case 2:
                    FileBytes.write(board.path("locks.jsonl"), copies[Int.random(in: 0 ..< copies.count, using: &random)])
                case 3:
                    unlink(board.path("locks.jsonl"))
                default:
                    let bytes = FileBytes.read(board.path("locks.jsonl")) ?? []
                    FileBytes.write(board.path("locks.jsonl"), Array(bytes.prefix(Int.random(in: 0 ... bytes.count, using: &random))))
                }
            }
            #expect(highest > 0)
        }
    }
}

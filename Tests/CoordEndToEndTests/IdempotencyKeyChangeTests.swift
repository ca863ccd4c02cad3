import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `--key K` on the commands that change what is already there: unlock, renew,
/// approve, reject and every task change.
@Suite struct IdempotencyKeyChangeTests {
    /// Each keyed change, run once more with the same key a minute later:
    /// exit 0, the same output, a note on stderr, and not one byte written.
    @Test func aRetriedChangeWritesNothingAndPrintsTheSameResult() throws {
        let board = try TemporaryBoard()
        var minute = 0
        func run(_ arguments: [String], as agent: String = "alice") throws -> ProcessResult {
            minute += 1
            let now = "2026-11-21T09:\(minute < 10 ? "0" : "")\(minute):00Z"
            return try CoordBinary.run(arguments, in: board.root, environment: ["COORD_AGENT": agent, "COORD_NOW": now])
        }
        for title in ["one", "two", "three", "four", "five", "six"] {
            #expect(try run(["task", "add", title, "--paths", "src/\(title)/"]).status == 0)
        }
        #expect(try run(["lock", "src/db/", "--intent", "migration"]).status == 0)
        #expect(try run(["decide", "Use Postgres", "--context", "c", "--rationale", "r", "--proposed"], as: "bob").status == 0)
        #expect(try run(["decide", "Use NATS", "--context", "c", "--rationale", "r", "--proposed"], as: "bob").status == 0)
        #expect(try run(["decide", "Use OTel", "--context", "c", "--rationale", "r", "--proposed", "--quorum", "2"], as: "bob").status == 0)
        let calls: [(arguments: [String], prints: String)] = [
            (["task", "claim", "T-001", "--lock", "--key", "c-1"], "claimed T-001 (token 2"),
            (["task", "renew", "T-001", "--ttl", "1h", "--key", "r-1"], "renewed T-001 (token 2"),
            (["task", "done", "T-001", "--note", "merged", "--key", "d-1"], "done T-001: one"),
            (["task", "claim", "--next", "--key", "n-1"], "claimed T-002 (token 3"),
            (["task", "release", "T-002", "--key", "rel-1"], "released T-002: two"),
            (["task", "block", "T-003", "--reason", "needs staging", "--key", "b-1"], "blocked T-003: three"),
            (["task", "unblock", "T-003", "--key", "ub-1"], "unblocked T-003: three"),
            (["task", "cancel", "T-004", "--reason", "dropped", "--key", "x-1"], "cancelled T-004: four"),
            (["task", "link", "T-005", "--after", "T-006", "--key", "ln-1"], "T-005 comes after T-006"),
            (["task", "unlink", "T-005", "--after", "T-006", "--key", "ul-1"], "T-005 comes after nothing"),
            (["renew", "src/db/", "--ttl", "1h", "--key", "lr-1"], "renewed src/db (token 1)"),
            (["unlock", "src/db/", "--key", "lu-1"], "unlocked src/db (token 1)"),
            (["approve", "ADR-001", "--key", "a-1"], "ADR-001"),
            (["reject", "ADR-002", "--reason", "a second moving part", "--key", "j-1"], "ADR-002"),
            (["vote", "ADR-003", "no", "--key", "v-1"], "Voted no on ADR-003"),
            (["vote", "ADR-003", "yes", "--key", "v-2"], "changed from no to yes"),
        ]
        for call in calls {
            let first = try run(call.arguments)
            #expect(first.status == 0, "\(call.arguments): \(first.standardError)")
            #expect(first.standardOutput.contains(call.prints), "\(call.arguments): \(first.standardOutput)")
            #expect(!first.standardError.contains("note:"), "\(call.arguments): \(first.standardError)")
            let before = try IdempotencyKeyTests.snapshot(board)
            let again = try run(call.arguments)
            #expect(again.status == 0, "\(call.arguments): \(again.standardError)")
            #expect(again.standardError.contains("coord: note: --key"), "\(call.arguments): \(again.standardError)")
            #expect(again.standardOutput == first.standardOutput, "\(call.arguments)")
            #expect(try IdempotencyKeyTests.snapshot(board) == before, "\(call.arguments) wrote on a repeat")
        }
        // Each change was written once, carrying its key.
        let tasks = (board.contents("tasks.jsonl") ?? "").split(separator: "\n")
        for key in ["c-1", "r-1", "d-1", "n-1", "rel-1", "b-1", "ub-1", "x-1", "ln-1", "ul-1"] {
            #expect(tasks.filter { $0.contains("\"key\":\"\(key)\"") }.count == 1, "\(key)")
        }
        let locks = (board.contents("locks.jsonl") ?? "").split(separator: "\n")
        #expect(locks.filter { $0.contains("\"key\":\"lu-1\"") && $0.contains("\"release\"") }.count == 1)
        #expect(locks.filter { $0.contains("\"key\":\"lr-1\"") && $0.contains("\"renew\"") }.count == 1)
        let decisions = (board.contents("decisions.jsonl") ?? "").split(separator: "\n")
        #expect(decisions.filter { $0.contains("\"key\":\"a-1\"") && $0.contains("\"approved\"") }.count == 1)
        #expect(decisions.filter { $0.contains("\"key\":\"j-1\"") && $0.contains("\"rejected\"") }.count == 1)
        #expect(decisions.filter { $0.contains("\"key\":\"v-2\"") && $0.contains("\"voted\"") }.count == 1)
    }

    /// A repeated keyed unlock shows the grant it ended as it stood (since,
    /// expiry, TTL, intent, last renewal), not the moment it ended.
    @Test func aRepeatedUnlockShowsTheReleasedGrantAsItStood() throws {
        let board = try TemporaryBoard()
        func run(_ arguments: [String], at time: String) throws -> ProcessResult {
            try CoordBinary.run(arguments, in: board.root, environment: ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T\(time):00Z"])
        }
        #expect(try run(["lock", "src/api/", "--intent", "api work", "--ttl", "2h"], at: "09:00").status == 0)
        #expect(try run(["renew", "src/api/", "--ttl", "3h"], at: "09:30").status == 0)
        let first = try run(["unlock", "src/api/", "--key", "u-1", "--json"], at: "10:00")
        let again = try run(["unlock", "src/api/", "--key", "u-1", "--json"], at: "10:05")
        #expect(first.status == 0 && again.status == 0, "\(first.standardError)\(again.standardError)")
        #expect(again.standardError.contains("coord: note: --key"))
        // What moves with the clock: the document's "now" and the seconds left from it.
        func stood(_ output: String) -> [Substring] {
            output.split(separator: "\n").filter { !$0.contains("\"now\"") && !$0.contains("\"remaining_seconds\"") }
        }
        #expect(stood(again.standardOutput) == stood(first.standardOutput))
        #expect(first.standardOutput.contains("\"released\""))
        #expect(first.standardOutput.contains(#""since" : "2026-11-21T09:00:00.000Z""#), "\(first.standardOutput)")
        #expect(first.standardOutput.contains(#""expires" : "2026-11-21T12:30:00.000Z""#))
        #expect(first.standardOutput.contains(#""intent" : "api work""#))
    }

    /// Without a key, the same retries are refused: the key is what makes them safe.
    @Test func withoutAKeyARetryIsRefused() throws {
        let board = try TemporaryBoard()
        let env = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]
        #expect(try CoordBinary.run(["task", "add", "one"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["task", "claim", "T-001"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["task", "done", "T-001"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["task", "done", "T-001"], in: board.root, environment: env).status == 4)
        #expect(try CoordBinary.run(["lock", "src/", "--intent", "x"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["unlock", "src/"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["unlock", "src/"], in: board.root, environment: env).status == 5)
    }

    /// Eight real processes retry one keyed `task claim --next` at once: exactly
    /// one task is claimed, and every process prints that task and token.
    @Test func concurrentKeyedNextClaimsClaimExactlyOneTask() throws {
        let board = try TemporaryBoard()
        let environment = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]
        for title in ["one", "two", "three"] {
            #expect(try CoordBinary.run(["task", "add", title, "--quiet"], in: board.root, environment: environment).status == 0)
        }
        let arguments = ["task", "claim", "--next", "--key", "race"]
        let running = try (0 ..< 8).map { _ in try CoordBinary.start(arguments, in: board.root, environment: environment) }
        let results = running.map { $0.wait() }
        for result in results { #expect(result.status == 0, "\(result.standardError)") }
        #expect(Set(results.map(\.standardOutput)).count == 1, "\(results.map(\.standardOutput))")
        #expect(results.first?.standardOutput.hasPrefix("claimed T-001 (token 1,") == true, "\(results.map(\.standardOutput))")
        #expect(results.filter { !$0.standardError.contains("note:") }.count == 1, "exactly one call was not a repeat")
        let claims = (board.contents("tasks.jsonl") ?? "").split(separator: "\n").filter { $0.contains("\"event\":\"claim\"") }
        #expect(claims.count == 1, "\(claims)")
        let fences = (board.contents("locks.jsonl") ?? "").split(separator: "\n").filter { $0.contains("\"fence\"") }
        #expect(fences.count == 1, "\(fences)")
        let posted = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.contains("claimed") }
        #expect(posted.count == 1, "\(posted)")
    }
}

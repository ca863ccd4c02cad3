import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Decisions through the built binary: real processes, real board.
@Suite struct DecisionEndToEndTests {
    static let now = "2026-11-21T09:30:00Z"

    private func coord(_ arguments: [String], _ board: TemporaryBoard, as agent: String = "main-session",
                       at now: String = now) throws -> ProcessResult {
        try CoordBinary.run(arguments, in: board.root, environment: ["COORD_AGENT": agent, "COORD_NOW": now])
    }

    private func decide(_ text: String, _ board: TemporaryBoard, as agent: String = "main-session", _ extra: [String] = [])
        throws -> ProcessResult {
        try coord(["decide", text, "--context", "context for \(text)", "--rationale", "because \(text)"] + extra, board, as: agent)
    }

    /// `coord decisions --json` (or another listing) as decoded objects.
    private func listed(_ arguments: [String], _ board: TemporaryBoard, as agent: String = "main-session")
        throws -> [[String: JSONValue]] {
        let result = try coord(arguments + ["--json"], board, as: agent)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        guard case .array(let list)? = document["decisions"] else { return [] }
        return list.compactMap { if case .object(let object) = $0 { return object } else { return nil } }
    }

    @Test func racingDecidersGetUniqueConsecutiveIds() throws {
        try TemporaryBoard.with { board in
            let count = 16
            let processes = try (1 ... count).map { n in
                try CoordBinary.start(["decide", "Decision \(n)", "--context", "c\(n)", "--rationale", "r\(n)"], in: board.root,
                                      environment: ["COORD_AGENT": "agent-\(n)", "COORD_NOW": Self.now])
            }
            let results = processes.map { $0.wait() }
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")
            let decisions = try listed(["decisions"], board)
            let ids = decisions.compactMap { $0["id"]?.stringValue }
            #expect(ids == (1 ... count).map { DecisionID.format($0) })
            #expect(Set(decisions.compactMap { $0["decision"]?.stringValue }) == Set((1 ... count).map { "Decision \($0)" }))
            // Each process printed the id it got, and no two printed the same one.
            let printed = results.map { $0.standardOutput.split(separator: " ")[1] }
            #expect(Set(printed).count == count)
            let bulletin = board.contents("BULLETIN.md") ?? ""
            #expect(bulletin.split(separator: "\n").filter { $0.contains(": decided ADR-") }.count == count)
        }
    }

    @Test func ackAndUnackedArePerAgent() throws {
        try TemporaryBoard.with { board in
            _ = try decide("Graph store", board)
            _ = try decide("Queue", board)
            #expect(try listed(["decisions", "--unacked"], board, as: "main-session").isEmpty)
            #expect(try listed(["decisions", "--unacked"], board, as: "mayor").count == 2)
            let ack = try coord(["ack", "ADR-001"], board, as: "mayor")
            #expect(ack.status == 0)
            #expect(ack.standardOutput == "Acknowledged ADR-001.\n")
            #expect(try listed(["decisions", "--unacked"], board, as: "mayor").compactMap { $0["id"]?.stringValue } == ["ADR-002"])
            #expect(try listed(["decisions", "--unacked"], board, as: "polecat").count == 2)
            let first = try listed(["decisions", "--search", "graph"], board)
            #expect(first.first?["propagated_to"] == .array([.string("mayor")]))
        }
    }

    @Test func theFullStatusLifecycle() throws {
        try TemporaryBoard.with { board in
            #expect(try decide("Redis queue", board).status == 0)
            #expect(try decide("NATS queue", board, as: "dream-cycle", ["--proposed", "--supersedes", "ADR-001"]).status == 0)
            #expect(try decide("Kafka queue", board, as: "polecat", ["--proposed"]).status == 0)
            let statuses = { try self.listed(["decisions"], board).compactMap { $0["status"]?.stringValue } }
            #expect(try statuses() == ["accepted", "proposed", "proposed"])
            #expect(try coord(["approve", "ADR-002"], board, as: "alice", at: "2026-11-21T10:00:00Z").status == 0)
            #expect(try coord(["reject", "ADR-003", "--reason", "too heavy"], board, as: "alice", at: "2026-11-21T10:05:00Z").status == 0)
            #expect(try statuses() == ["superseded", "accepted", "rejected"])
            let shown = try listed(["decision", "show", "ADR-002"], board)
            guard case .array(let history)? = shown.first?["history"] else { Issue.record("no history"); return }
            #expect(history.last == .object(["event": .string("approved"), "actor": .string("alice"),
                                             "at": .string("2026-11-21T10:00:00.000Z")]))
            let rejected = try listed(["decisions", "--status", "rejected"], board)
            #expect(rejected.first?["reason"] == .string("too heavy"))
            let lines = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("- [") }
            #expect(lines.map { String($0.split(separator: " ", maxSplits: 2)[2].dropLast(" <!-- coord -->".count)) } == [
                "main-session: decided ADR-001: Redis queue",
                "dream-cycle: proposed ADR-002: NATS queue (would supersede ADR-001)",
                "polecat: proposed ADR-003: Kafka queue",
                "alice: approved ADR-002: NATS queue (supersedes ADR-001)",
                "alice: rejected ADR-003: Kafka queue (too heavy)",
            ])
        }
    }

    @Test func supersedeLinksBothWays() throws {
        try TemporaryBoard.with { board in
            _ = try decide("Redis queue", board)
            _ = try decide("NATS queue", board, ["--supersedes", "1"])
            let decisions = try listed(["decisions"], board)
            #expect(decisions[0]["status"] == .string("superseded"))
            #expect(decisions[0]["superseded_by"] == .string("ADR-002"))
            #expect(decisions[1]["supersedes"] == .array([.string("ADR-001")]))
            #expect(decisions[1]["superseded_by"] == .null)
            let active = try listed(["decisions", "--status", "active"], board)
            #expect(active.compactMap { $0["id"]?.stringValue } == ["ADR-002"])
        }
    }

    @Test func searchLooksAtContextDecisionRationaleAndTags() throws {
        try TemporaryBoard.with { board in
            _ = try decide("Graph store", board, ["--tag", "Storage"])
            _ = try coord(["decide", "Queue", "--context", "event ORDERING", "--rationale", "redis is there"], board)
            let ids = { (text: String) in try self.listed(["decisions", "--search", text], board).compactMap { $0["id"]?.stringValue } }
            #expect(try ids("storage") == ["ADR-001"])
            #expect(try ids("ordering") == ["ADR-002"])
            #expect(try ids("REDIS") == ["ADR-002"])
            #expect(try ids("queue") == ["ADR-002"])
            #expect(try ids("nothing like it").isEmpty)
            let text = try coord(["decisions", "--search", "nothing like it"], board)
            #expect(text.standardOutput == "No decisions match.\n")
        }
    }

    @Test func badInputIsExplainedAndChangesNothing() throws {
        try TemporaryBoard.with { board in
            _ = try decide("Redis queue", board)
            let journal = { FileBytes.read(board.path("decisions.jsonl")) }
            let bulletin = { FileBytes.read(board.path("BULLETIN.md")) }
            let before = (journal(), bulletin())
            let cases: [([String], Int32, String)] = [
                (["approve", "ADR-042"], ExitStatus.notFound, "There is no decision ADR-042 on this board"),
                (["ack", "ADR-001", "ADR-042"], ExitStatus.notFound, "There is no decision ADR-042"),
                (["reject", "ADR-042", "--reason", "x"], ExitStatus.notFound, "ADR-042"),
                (["approve", "ADR-001"], ExitStatus.refused, "Cannot approve ADR-001 because it is already accepted"),
                (["reject", "ADR-001", "--reason", "x"], ExitStatus.refused, "Cannot reject ADR-001"),
                (["decide", "", "--context", "c", "--rationale", "r"], ExitStatus.usage, "The decision is empty"),
                (["decide", "x", "--context", " ", "--rationale", "r"], ExitStatus.usage, "The --context is empty"),
                (["decide", "x", "--context", "c", "--rationale", "r", "--supersedes", "ADR-042"], ExitStatus.notFound, "ADR-042"),
                (["approve", "banana"], ExitStatus.usage, "'banana' is not a decision id"),
            ]
            for (arguments, status, message) in cases {
                let result = try coord(arguments, board)
                #expect(result.status == status, "\(arguments): \(result.standardError)")
                #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
                #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments): one sentence")
                #expect(result.standardOutput.isEmpty)
            }
            #expect(journal() == before.0)
            #expect(bulletin() == before.1)
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// Votes on proposals through the built binary: real processes, real board.
@Suite struct VoteEndToEndTests {
    static let now = "2026-11-21T09:30:00Z"

    private func coord(_ arguments: [String], _ board: TemporaryBoard, as agent: String = "lead") throws -> ProcessResult {
        try CoordBinary.run(arguments, in: board.root, environment: ["COORD_AGENT": agent, "COORD_NOW": Self.now])
    }

    private func propose(_ text: String, _ board: TemporaryBoard, _ vote: [String]) throws -> ProcessResult {
        try coord(["decide", text, "--context", "context for \(text)", "--rationale", "because", "--proposed"] + vote, board)
    }

    private func journal(_ board: TemporaryBoard) throws -> [[String: JSONValue]] {
        try JSONLines.objects(board.contents("decisions.jsonl") ?? "")
    }

    private func strings(_ value: JSONValue?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    @Test func racingVotersCloseEachVoteExactlyOnceWithTheRightTally() throws {
        try TemporaryBoard.with { board in
            #expect(try propose("Adopt tracing", board, ["--quorum", "5"]).status == 0)
            #expect(try propose("Adopt metrics", board, ["--quorum", "8"]).status == 0)
            // 16 processes at once: 8 voters on each proposal, odd ones yes, even ones no.
            let voters = (1 ... 8).map { "voter-\($0)" }
            var processes: [(adr: String, agent: String, process: RunningProcess)] = []
            for (index, agent) in voters.enumerated() {
                for adr in ["ADR-001", "ADR-002"] {
                    let choice = index % 2 == 0 ? "yes" : "no"
                    processes.append((adr, agent, try CoordBinary.start(["vote", adr, choice], in: board.root,
                                                                        environment: ["COORD_AGENT": agent, "COORD_NOW": Self.now])))
                }
            }
            let results = processes.map { (adr: $0.adr, agent: $0.agent, result: $0.process.wait()) }
            let events = try journal(board)
            for (adr, quorum) in [("ADR-001", 5), ("ADR-002", 8)] {
                let mine = results.filter { $0.adr == adr }
                let accepted = mine.filter { $0.result.status == 0 }
                let refused = mine.filter { $0.result.status == ExitStatus.refused }
                #expect(accepted.count == quorum, "\(mine.map(\.result.standardError))")
                #expect(refused.count == 8 - quorum)
                #expect(refused.allSatisfy { $0.result.standardError.contains("votes after the close are not counted") })
                let votes = events.filter { $0.string("adr") == adr && $0.string("event") == "voted" }
                let closes = events.filter { $0.string("adr") == adr && ["approved", "rejected"].contains($0.string("event") ?? "") }
                #expect(votes.count == quorum)
                #expect(closes.count == 1)
                guard let close = closes.first, case .object(let tally)? = close["tally"] else {
                    Issue.record("\(adr) has no closing record with a tally"); continue
                }
                let yes = strings(tally["yes"]), no = strings(tally["no"])
                // The tally is exactly the votes recorded, each agent once, and decides the outcome.
                #expect(Set(yes + no) == Set(votes.compactMap { $0.string("actor") }))
                #expect(yes.count + no.count == quorum)
                #expect(yes.allSatisfy { ["voter-1", "voter-3", "voter-5", "voter-7"].contains($0) })
                #expect(close.string("event") == (yes.count > no.count ? "approved" : "rejected"))
                #expect(close["quorum"] == .integer(Int64(quorum)))
                // The closing record comes right after the deciding vote, by the same agent, and that process said so.
                let closer = try #require(close.string("actor"))
                #expect(votes.last?.string("actor") == closer)
                let announced = accepted.filter { $0.result.standardOutput.contains("The vote reached its quorum") }
                #expect(announced.map(\.agent) == [closer])
            }
            let bulletin = board.contents("BULLETIN.md") ?? ""
            #expect(bulletin.split(separator: "\n").filter { $0.contains(" by vote: ") }.count == 2)
        }
    }

    @Test func aChangedVoteIsAuditedAndShown() throws {
        try TemporaryBoard.with { board in
            #expect(try propose("Adopt tracing", board, ["--quorum", "2", "--voters", "alice,bob"]).status == 0)
            #expect(try coord(["vote", "ADR-001", "yes"], board, as: "alice").status == 0)
            let changed = try coord(["vote", "adr-1", "no", "--reason", "the agent is heavy"], board, as: "alice")
            #expect(changed.status == 0)
            #expect(changed.standardOutput.hasPrefix("Voted no on ADR-001 as alice, changed from yes to no.\n"))
            let votes = try journal(board).filter { $0.string("event") == "voted" }
            #expect(votes.map { $0.string("vote") } == ["yes", "no"])
            let shown = try coord(["decision", "show", "ADR-001"], board)
            #expect(shown.standardOutput.contains("voted no by alice, changed from yes to no: the agent is heavy"))
            #expect(shown.standardOutput.contains("vote open: 0 yes, 1 no, quorum 2; voters alice, bob"))
            let listed = try coord(["decisions"], board)
            #expect(listed.standardOutput.contains("vote open 1/2"))
            let closing = try coord(["vote", "ADR-001", "yes", "--json"], board, as: "bob")
            let document = try BoardJSON.decode([String: JSONValue].self, from: Array(closing.standardOutput.utf8))
            #expect(document["voted"] == .object(["agent": .string("bob"), "vote": .string("yes"), "replaced": .null,
                                                  "unchanged": .bool(false), "closed": .bool(true)]))
            #expect(document["version"] == .integer(2))
            guard case .object(let decision)? = document["decisions"]?.arrayValue?.first,
                  case .object(let vote)? = decision["vote"] else { Issue.record("no vote in \(closing.standardOutput)"); return }
            #expect(decision["status"] == .string("rejected"))
            #expect(vote["state"] == .string("rejected"))
            #expect(vote["yes"] == .array([.string("bob")]))
            #expect(vote["no"] == .array([.string("alice")]))
            #expect(vote["closed_by"] == .string("bob"))
        }
    }

    @Test func refusedVotesWriteNothingAndSayWhyInOneSentence() throws {
        try TemporaryBoard.with { board in
            #expect(try propose("Adopt tracing", board, ["--quorum", "1", "--voters", "alice"]).status == 0)
            #expect(try coord(["decide", "Plain", "--context", "c", "--rationale", "r", "--proposed"], board).status == 0)
            let before = board.contents("decisions.jsonl")
            let bulletin = board.contents("BULLETIN.md")
            let cases: [([String], String, Int32)] = [
                (["vote", "ADR-001", "yes"], "mallory", ExitStatus.refused),
                (["vote", "ADR-002", "yes"], "alice", ExitStatus.refused),
                (["vote", "ADR-009", "yes"], "alice", ExitStatus.notFound),
                (["vote", "ADR-001", "maybe"], "alice", ExitStatus.usage),
                (["decide", "Q", "--context", "c", "--rationale", "r", "--quorum", "2"], "lead", ExitStatus.usage),
                (["decide", "Q", "--context", "c", "--rationale", "r", "--proposed", "--quorum", "0"], "lead", ExitStatus.usage),
                (["decide", "Q", "--context", "c", "--rationale", "r", "--proposed", "--quorum", "2", "--voters", "a"], "lead",
                 ExitStatus.usage),
            ]
            for (arguments, agent, status) in cases {
                let result = try coord(arguments, board, as: agent)
                #expect(result.status == status, "\(arguments): \(result.standardError)")
                #expect(result.standardOutput.isEmpty)
            }
            let stranger = try coord(["vote", "ADR-001", "yes"], board, as: "mallory")
            #expect(stranger.standardError == "coord: mallory cannot vote on ADR-001 because only alice may; vote as one of them with --as NAME.\n")
            #expect(board.contents("decisions.jsonl") == before)
            #expect(board.contents("BULLETIN.md") == bulletin)
            // The one voter closes it; a vote after the close is refused too.
            #expect(try coord(["vote", "ADR-001", "yes"], board, as: "alice").status == 0)
            let late = try coord(["vote", "ADR-001", "no"], board, as: "alice")
            #expect(late.status == ExitStatus.refused)
            #expect(late.standardError.split(separator: "\n").count == 1)
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing
@testable import coord

@Suite struct DecisionCommandTests {
    private let decide = ["decide", "FalkorDB + CQRS write pattern", "--context", "v2 graph database selection",
                          "--rationale", "Single-writer lock", "--tag", "storage"]

    @Test func decidePrintsTheNewId() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(decide, on: board, variables: ["COORD_AGENT": "main-session"])
            #expect(status == 0)
            #expect(context.outputText == "Decided ADR-001 (accepted): FalkorDB + CQRS write pattern\n")
        }
    }

    @Test func decideWithoutARationaleIsAUsageError() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["decide", "x", "--context", "c"], on: board)
            #expect(status == ExitStatus.usage)
            #expect(board.contents("decisions.jsonl") == nil)
        }
    }

    @Test func aProposalOpenedForAVoteSaysHowToVoteAndTheVotePrintsTheTally() throws {
        try TemporaryBoard.with { board in
            let (opened, status) = try runCommand(decide + ["--proposed", "--quorum", "2", "--voters", "mayor,polecat"], on: board,
                                                  variables: ["COORD_AGENT": "main-session"])
            #expect(status == 0)
            #expect(opened.outputText == """
                Decided ADR-001 (proposed): FalkorDB + CQRS write pattern
                Open for a vote: it closes when 2 agents have voted (voters: mayor, polecat); more yes than no accepts it.
                Vote with: coord vote ADR-001 yes  or  coord vote ADR-001 no --reason …

                """)
            let (first, _) = try runCommand(["vote", "ADR-001", "YES", "--as", "mayor"], on: board)
            #expect(first.outputText == "Voted yes on ADR-001 as mayor.\nTally: 1 yes, 0 no; the vote closes at 2 voters (1 so far).\n")
            let (last, _) = try runCommand(["vote", "ADR-001", "no", "--as", "polecat"], on: board)
            #expect(last.outputText == "Voted no on ADR-001 as polecat.\nThe vote reached its quorum of 2: ADR-001 is rejected (1 yes, 1 no).\n")
        }
    }

    @Test func aQuorumWithoutAProposalIsAUsageError() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(decide + ["--quorum", "2"], on: board)
            #expect(status == ExitStatus.usage)
            #expect(board.contents("decisions.jsonl") == nil)
            do {
                _ = try Coord.parseAsRoot(decide + ["--quorum", "2"])
                Issue.record("--quorum without --proposed was accepted")
            } catch {
                #expect(Coord.message(for: error) == "--quorum opens a vote on a proposal; add --proposed.")
            }
        }
    }

    @Test func unackedListsWhatToReadAndHowToAck() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(decide, on: board, variables: ["COORD_AGENT": "main-session"])
            let (context, status) = try runCommand(["decisions", "--unacked", "--as", "mayor"], on: board)
            #expect(status == 0)
            #expect(context.outputText.hasPrefix("ADR-001  accepted    FalkorDB + CQRS write pattern  [storage]\n"))
            #expect(context.outputText.hasSuffix("then: coord ack ADR-001\n"))
            _ = try runCommand(["ack", "ADR-001", "--as", "mayor"], on: board)
            let (after, _) = try runCommand(["decisions", "--unacked", "--as", "mayor"], on: board)
            #expect(after.outputText == "Nothing to acknowledge: you know every active decision.\n")
        }
    }

    @Test func showAsMarkdownIsAReadableADR() throws {
        try TemporaryBoard.with { board in
            _ = try runCommand(decide, on: board, variables: ["COORD_AGENT": "main-session"])
            let (context, status) = try runCommand(["decision", "show", "1", "--format", "md"], on: board)
            #expect(status == 0)
            let text = context.outputText
            #expect(text.hasPrefix("# ADR-001: FalkorDB + CQRS write pattern\n\n- **Status:** accepted\n"))
            #expect(text.contains("\n## Context\n\nv2 graph database selection\n"))
            #expect(text.contains("\n## Rationale\n\nSingle-writer lock\n"))
            #expect(text.contains("\n## History\n\n- 2026-11-21 09:00  decided by main-session (accepted)\n"))
        }
    }

    @Test func aBadStatusFilterIsAUsageError() throws {
        try TemporaryBoard.with { board in
            let (_, status) = try runCommand(["decisions", "--status", "maybe"], on: board)
            #expect(status == ExitStatus.usage)
        }
    }

    @Test func showOfAnUnknownIdIsNotFound() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["decision", "show", "ADR-004"], on: board)
            #expect(status == ExitStatus.notFound)
            #expect(context.errorText == "coord: There is no decision ADR-004 because this board has no decisions yet; record one with coord decide.\n")
        }
    }

    @Test func importSaysWhichLocksGotTheDefaultTTL() throws {
        try TemporaryBoard.with { board in
            let (context, status) = try runCommand(["import", SeedFixtures.folder, "--as", "main-session"], on: board)
            #expect(status == 0)
            #expect(context.outputText.contains(
                "~/gt/mcp_memory/ (gastown-mayor) had no expiry: given the default 2h TTL from its since, so it expires 2026-02-06T17:10:00+00:00"))
            #expect(context.outputText.contains("decisions: 1 new (ADR-001), 0 already here, 2 acknowledgements recorded"))
            let (again, _) = try runCommand(["import", SeedFixtures.folder], on: board)
            #expect(again.outputText.hasSuffix("Nothing new: everything was already on this board.\n"))
        }
    }
}

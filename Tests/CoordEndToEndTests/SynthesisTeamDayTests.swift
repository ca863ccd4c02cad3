import CoordinationKit
import CoordTestSupport
import Testing

extension ScriptedBoard {
    /// A team's day through every feature: decisions in each state and their
    /// acknowledgements, next to ordinary bulletin traffic.
    static func teamDay() throws -> ScriptedBoard {
        let s = try ScriptedBoard()
        try s.post("2026-11-20T08:00", "lead", "Starting the day: ship login v2")
        try s.run("2026-11-20T08:10", "lead", ["decide", "Sessions are JWTs signed with Ed25519",
                                                "--context", "login v2 session format", "--rationale", "stateless, small"])
        try s.run("2026-11-20T08:20", "backend-agent", ["ack", "ADR-001"])
        try s.run("2026-11-20T08:30", "frontend-agent", ["decide", "Keep the token in an httpOnly cookie", "--proposed",
                                                          "--context", "where the browser keeps it", "--rationale", "no JS access"])
        try s.run("2026-11-20T09:00", "lead", ["approve", "ADR-002"])
        try s.run("2026-11-20T09:05", "infra-agent", ["decide", "Store sessions in Redis", "--proposed",
                                                       "--context", "revocation", "--rationale", "fast lookups"])
        try s.run("2026-11-20T09:10", "lead", ["reject", "ADR-003", "--reason", "JWTs are stateless by ADR-001"])
        try s.run("2026-11-20T11:00", "lead", ["decide", "Sessions are JWTs signed with Ed25519, rotated daily",
                                                "--supersedes", "ADR-001", "--context", "key rotation", "--rationale", "limit exposure"])
        try s.run("2026-11-20T11:30", "frontend-agent", ["ack", "ADR-004"])
        return s
    }
}

@Suite struct SynthesisTeamDayTests {
    @Test func aTeamDayMatchesItsGoldenReport() throws {
        let s = try ScriptedBoard.teamDay()
        let markdown = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        #expect(markdown.status == 0, "\(markdown.standardError)")
        #expect(Golden.mismatch(markdown.standardOutput, "synthesis/team-day.md") == nil)
        let json = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        #expect(Golden.mismatch(json.standardOutput, "synthesis/team-day.json") == nil)
    }

    @Test func decisionsShowTheirDayAndWhoHasNotTakenThemIn() throws {
        let s = try ScriptedBoard.teamDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--json"], now: "2026-11-21T09:00")
        let report = try BoardJSON.decode(SynthesisReport.self, from: Array(result.standardOutput.utf8))
        #expect(report.progress.decisions.map { "\($0.id) \($0.status)" } == [
            "ADR-001 superseded", "ADR-002 accepted", "ADR-003 rejected", "ADR-004 accepted",
        ])
        #expect(report.progress.decisions[1].steps.map(\.event) == ["proposed", "approved"])
        let uptake = report.across.decisions.map { "\($0.id): \($0.acknowledged) / \($0.notAcknowledged)" }
        #expect(uptake == [
            "ADR-002: [] / [\"backend-agent\", \"infra-agent\"]",
            "ADR-004: [\"frontend-agent\"] / [\"backend-agent\", \"infra-agent\"]",
        ])
        // As of 09:00 the day before the supersession, ADR-001 was still accepted.
        let morning = try s.synthesize(["--since", "2h", "--json"], now: "2026-11-20T09:00")
        let early = try BoardJSON.decode(SynthesisReport.self, from: Array(morning.standardOutput.utf8))
        #expect(early.progress.decisions.map { "\($0.id) \($0.status)" } == ["ADR-001 accepted", "ADR-002 accepted"])
    }
}

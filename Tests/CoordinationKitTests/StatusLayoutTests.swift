import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

@Suite struct StatusLayoutTests {
    let now = TestTime.at("2026-11-21T12:00:00Z")

    func entry(_ minute: Int, _ agent: String, _ message: String) -> BulletinEntry {
        BulletinEntry(date: CivilDate("2026-11-21")!, time: ClockTime(hour: 11, minute: minute), agent: agent,
                      message: message, offset: 0, line: nil, byHand: false)
    }

    /// A busy board: 20 workers, 12 locks, 6 blockers, 5 decisions waiting, 10 entries.
    func busyBoard() -> BoardSnapshot {
        var snapshot = BoardSnapshot(now: now, goal: "Ship the Q1 launch")
        for n in 1 ... 20 {
            let status: ObservedWorker.Status = n <= 6 ? .blocked : (n > 17 ? .complete : .active)
            snapshot.workers.append(ObservedWorker(
                domain: "domain-\(n)", number: n, agent: "worker-\(n)", status: status,
                lastUpdate: now.addingTimeInterval(-Double(n) * 900), context: n * 4,
                blockers: status == .blocked ? [OpenBlocker(text: "waiting on domain-\(n + 1) for a very long reason that goes on", since: now.addingTimeInterval(-3600))] : []))
        }
        for n in 1 ... 12 {
            snapshot.locks.append(LockGrant(path: try! LockPath("src/module-\(n)/"), holder: "worker-\(n)", token: Int64(n), since: now.addingTimeInterval(-600), expires: now.addingTimeInterval(Double(n) * 600), ttl: 3600, intent: "refactor \(n)"))
        }
        snapshot.decisions = (1 ... 5).map {
            ObservedDecision(id: "ADR-00\($0)", title: "Decision \($0)", status: $0 <= 2 ? "proposed" : "accepted", source: "lead")
        }
        return snapshot
    }

    @Test func twentyWorkersFitInFortyLines() {
        let bulletin = (0 ..< 10).map { entry($0, "agent-\($0)", "message \($0)") }
        let report = StatusReport.build(from: busyBoard(), bulletin: bulletin,
                                        observer: .init(lastPass: now, openProblems: 3, blocking: 1), zone: .utc, staleAfter: 7200)
        let lines = StatusLayout().render(report)
        #expect(lines.count <= 40, "\(lines.count) lines:\n\(lines.joined(separator: "\n"))")
        #expect(lines.allSatisfy { $0.count <= 110 })
        // Every worker is listed; cut sections say where the rest is.
        #expect((1 ... 20).allSatisfy { n in lines.contains { $0.contains("#\(n) domain-\(n) ") } })
        #expect(lines.contains { $0.contains("more (coord locks)") })
        #expect(lines[0].hasPrefix("Goal: Ship the Q1 launch · 3/20 workers complete"))
    }

    @Test func blockedAndStaleWorkersComeFirst() {
        let report = StatusReport.build(from: busyBoard(), bulletin: [], observer: nil, zone: .utc, staleAfter: 7200)
        #expect(report.workers.prefix(6).allSatisfy { $0.status == .blocked })
        #expect(report.workers[6].stale)  // domain-9: silent 2h15m
        #expect(report.workers.last?.status == .complete)
        #expect(report.awaitingApproval.count == 2)
        #expect(report.awaitingAcknowledgement.count == 3)
        #expect(report.blockers.count == 6)
    }

    @Test func anEmptyBoardSaysSoInAFewLines() {
        let report = StatusReport.build(from: BoardSnapshot(now: now), bulletin: [], observer: nil, zone: .utc, staleAfter: 7200)
        let lines = StatusLayout().render(report)
        #expect(lines == [
            "No goal recorded · no workers · 2026-11-21 12:00 UTC",
            "Workers: none (coord launch starts some)",
            "Locks: none live",
            "Blockers: none",
            "Decisions: none awaiting approval or acknowledgement",
            "Bulletin: empty",
        ])
    }
}

extension StatusLayoutTests {
    /// The whole screen for a busy board, against Tests/Fixtures/status/busy-board.txt
    /// (re-record with COORD_RECORD_GOLDEN=1).
    @Test func aBusyBoardMatchesItsGoldenScreen() {
        let bulletin = (0 ..< 10).map { entry($0, "agent-\($0)", "message \($0)") }
        let report = StatusReport.build(from: busyBoard(), bulletin: bulletin,
                                        observer: .init(lastPass: now, openProblems: 3, blocking: 1), zone: .utc, staleAfter: 7200)
        let text = StatusLayout().render(report).joined(separator: "\n") + "\n"
        let mismatch = GoldenFile.mismatch(text, name: "status/busy-board.txt")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }
}

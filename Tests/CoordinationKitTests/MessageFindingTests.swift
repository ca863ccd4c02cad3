import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The observer's urgent-unread rule and the status counts, on hand-built snapshots.
@Suite struct MessageFindingTests {
    let now = TestTime.at("2026-11-21T12:00:00Z")
    let detector = FindingDetector(policy: ObserverPolicy(agent: try! AgentName("observer")), zone: .utc)

    func minutes(_ n: Double) -> Date { now.addingTimeInterval(-n * 60) }

    func message(_ id: String, urgent: Bool, minutesAgo: Double) -> ObservedInbox.Message {
        ObservedInbox.Message(id: id, from: "ops", at: minutes(minutesAgo), urgent: urgent, subject: nil, text: "disk at 91%")
    }

    @Test func anUrgentMessageUnreadTooLongByABlockedOrStaleWorkerIsAFinding() {
        var snapshot = BoardSnapshot(now: now)
        snapshot.workers = [
            ObservedWorker(domain: "api", agent: "worker-1-api", status: .blocked, lastUpdate: minutes(5)),
            ObservedWorker(domain: "ui", agent: "worker-2-ui", status: .active, lastUpdate: minutes(200)),
            ObservedWorker(domain: "docs", agent: "worker-3-docs", status: .active, lastUpdate: minutes(5)),
        ]
        snapshot.inboxes = [
            ObservedInbox(agent: "worker-1-api", unread: [message("M-1", urgent: true, minutesAgo: 45),
                                                          message("M-2", urgent: true, minutesAgo: 10),
                                                          message("M-3", urgent: false, minutesAgo: 90)]),
            ObservedInbox(agent: "worker-2-ui", unread: [message("M-4", urgent: true, minutesAgo: 31)]),
            // Active and recently heard from: reading soon enough, no finding.
            ObservedInbox(agent: "worker-3-docs", unread: [message("M-5", urgent: true, minutesAgo: 120)]),
            // Not a worker: nobody to call blocked or stale.
            ObservedInbox(agent: "alice", unread: [message("M-6", urgent: true, minutesAgo: 120)]),
        ]
        let found = detector.problems(in: snapshot).filter { $0.kind == .urgentUnread }
        #expect(found.map { $0.subjects.last ?? "" } == ["M-1", "M-4"])
        #expect(found.first?.summary == "urgent M-1 from ops to worker-1-api (api, blocked) is unread since 11:15: disk at 91%")
        #expect(found.allSatisfy { !$0.isBlocking && $0.isProblem })

        let report = StatusReport.build(from: snapshot, bulletin: [], observer: nil, zone: .utc, staleAfter: 7200)
        #expect(report.unread?.map(\.agent) == ["worker-1-api", "worker-2-ui", "worker-3-docs", "alice"])
        #expect(report.unread?.first?.unread == 3 && report.unread?.first?.urgent == 2)
        #expect(StatusDocument(report).unread?.first?.unread == 3)
    }
}

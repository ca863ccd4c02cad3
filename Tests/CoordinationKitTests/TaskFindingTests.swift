import CoordStorage
import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordinationKit

/// The observer's task rules, on a queue folded from records.
@Suite struct TaskFindingTests {
    let detector = FindingDetector(policy: ObserverPolicy(agent: try! AgentName("observer")), zone: .utc)

    func event(_ kind: TaskEvent.Kind, _ task: String, at time: String, by actor: String = "ann",
               _ fill: (inout TaskEvent) -> Void = { _ in }) -> TaskEvent {
        var record = TaskEvent(id: "\(task)-\(kind)-\(time)", event: kind, at: TestTime.at("2026-11-21T\(time)Z"), task: task, actor: actor)
        fill(&record)
        return record
    }

    @Test func expiredClaimsOverdueTasksFinishedBlockersAndCancelledDependenciesAreReported() {
        let records = [
            event(.add, "T-001", at: "08:00:00") { $0.title = "schema" },
            event(.add, "T-002", at: "08:00:00") { $0.title = "endpoint"; $0.due = TestTime.at("2026-11-21T09:00:00Z") },
            event(.add, "T-003", at: "08:00:00") { $0.title = "ui"; $0.after = ["T-004"] },
            event(.add, "T-004", at: "08:00:00") { $0.title = "old plan" },
            event(.add, "T-005", at: "08:00:00") { $0.title = "deploy" },
            event(.claim, "T-001", at: "08:10:00", by: "bob") {
                $0.token = 7; $0.expires = TestTime.at("2026-11-21T08:40:00Z"); $0.ttl = 1800
            },
            event(.cancel, "T-004", at: "08:20:00") { $0.reason = "dropped" },
            event(.block, "T-005", at: "08:30:00") { $0.reason = "waits for T-002" },
            event(.claim, "T-002", at: "08:31:00", by: "cat") {
                $0.token = 8; $0.expires = TestTime.at("2026-11-21T12:00:00Z"); $0.ttl = 12600
            },
            event(.done, "T-002", at: "09:30:00", by: "cat") { $0.token = 8 },
        ]
        var snapshot = BoardSnapshot(now: TestTime.at("2026-11-21T10:00:00Z"))
        snapshot.tasks = TaskQueue(records, until: snapshot.now)
        let found = detector.problems(in: snapshot)
        #expect(found.map(\.key).sorted() == [
            "cancelled-dependency:T-003:T-004", "expired-claim:T-001:7", "finished-blocker:T-005:T-002",
        ])
        #expect(found.first { $0.kind == .expiredClaim }?.summary.contains("bob's claim, token 7, ran out at 08:40") == true)

        // Before T-002 is done: it is overdue (due 09:00, held by cat) and T-005's blocker is not done yet.
        snapshot.now = TestTime.at("2026-11-21T09:15:00Z")
        snapshot.tasks = TaskQueue(records, until: snapshot.now)
        let earlier = detector.problems(in: snapshot).map(\.key).sorted()
        #expect(earlier == ["cancelled-dependency:T-003:T-004", "expired-claim:T-001:7", "overdue-task:T-002"])
    }

    @Test func taskIDsAreFoundInFreeText() {
        #expect(FindingDetector.taskIDs(in: "waits for T-2 and t-010, not XT-3 or T-") == ["T-002", "T-010"])
    }
}

import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The observer's rules and its de-duplication, on hand-built snapshots.
@Suite struct ObserverRuleTests {
    let now = TestTime.at("2026-11-21T12:00:00Z")
    let detector = FindingDetector(policy: ObserverPolicy(agent: try! AgentName("observer")), zone: .utc)

    func minutes(_ n: Double) -> Date { now.addingTimeInterval(-n * 60) }

    func snapshot(_ build: (inout BoardSnapshot) -> Void) -> BoardSnapshot {
        var snapshot = BoardSnapshot(now: now)
        build(&snapshot)
        return snapshot
    }

    func kinds(_ snapshot: BoardSnapshot) -> [FindingKind] { detector.problems(in: snapshot).map(\.kind) }

    @Test func anOpenBlockerIsABlockingProblemWithItsStart() {
        let found = detector.problems(in: snapshot {
            $0.workers = [ObservedWorker(domain: "frontend", status: .blocked, lastUpdate: minutes(10),
                                         blockers: [OpenBlocker(text: "waiting for the API schema", since: minutes(65))])]
        })
        #expect(found.map(\.kind) == [.blocker])
        #expect(found[0].isBlocking)
        #expect(found[0].summary == "frontend is blocked since 10:55: waiting for the API schema")
        #expect(found[0].since == minutes(65))
    }

    @Test func aSilentActiveWorkerIsStaleButAFinishedOneIsNot() {
        let found = kinds(snapshot {
            $0.workers = [
                ObservedWorker(domain: "quiet", status: .active, lastUpdate: minutes(121)),
                ObservedWorker(domain: "busy", status: .active, lastUpdate: minutes(119)),
                ObservedWorker(domain: "done", status: .complete, lastUpdate: minutes(600)),
            ]
        })
        #expect(found == [.staleWorker])
    }

    @Test func overlappingClaimsByTwoWorkersAreACollision() {
        let found = detector.problems(in: snapshot {
            $0.workers = [
                ObservedWorker(domain: "api", agent: "w1", status: .active, lastUpdate: minutes(1), files: ["src/auth/token.swift"]),
                ObservedWorker(domain: "ui", agent: "w2", status: .active, lastUpdate: minutes(1), files: ["docs/ui.md"]),
                ObservedWorker(domain: "old", agent: "w3", status: .complete, lastUpdate: minutes(1), files: ["src/auth/"]),
            ]
            $0.locks = [LockGrant(path: try! LockPath("src/auth/"), holder: "w2", token: 3, since: minutes(5), expires: minutes(-55), ttl: 3600, intent: "refactor")]
        })
        #expect(found.map(\.kind) == [.collision])
        #expect(found[0].key == "collision:src/auth")
        #expect(found[0].subjects == ["api", "ui"], "workers are named by domain")
        #expect(found[0].summary == "collision risk on src/auth: api (files src/auth/token.swift) and ui (lock src/auth)")
    }

    @Test func oneAgentsLockAndFilesDoNotCollide() {
        #expect(kinds(snapshot {
            $0.workers = [ObservedWorker(domain: "api", agent: "w1", status: .active, lastUpdate: minutes(1), files: ["src/a.swift"])]
            $0.locks = [LockGrant(path: try! LockPath("src"), holder: "w1", token: 1, since: minutes(5), expires: minutes(-5), ttl: 3600, intent: "")]
        }).isEmpty)
    }

    @Test func siblingPathsDoNotCollide() {
        #expect(PathClaims.overlaps(PathClaims.components(of: "src/"), PathClaims.components(of: "./src//a.swift")))
        #expect(!PathClaims.overlaps(PathClaims.components(of: "src/a"), PathClaims.components(of: "src/ab")))
        #expect(!PathClaims.overlaps(PathClaims.components(of: "src/a"), PathClaims.components(of: "src/b")))
    }

    @Test func anExpiredUnreleasedLockIsReportedForADay() {
        let lock = LockGrant(path: try! LockPath("db/"), holder: "alice", token: 9, since: minutes(180), expires: minutes(60), ttl: 3600, intent: "migrate")
        let found = detector.problems(in: snapshot { $0.locks = [lock] })
        #expect(found.map(\.kind) == [.expiredLock])
        #expect(!found[0].isBlocking)
        #expect(found[0].key == "expired-lock:db:9")
        var old = lock
        old.expires = minutes(25 * 60)
        #expect(kinds(snapshot { $0.locks = [old] }).isEmpty)
    }

    @Test func aContestedLockNamesWhoWantsIt() {
        let found = detector.problems(in: snapshot {
            $0.locks = [LockGrant(path: try! LockPath("src/auth"), holder: "alice", token: 4, since: minutes(30), expires: minutes(-30), ttl: 3600, intent: "")]
            $0.contests = [ObservedContest(path: "src/auth/login.swift", agents: ["alice", "bob"], at: minutes(10), token: 4),
                           ObservedContest(path: "src/auth", agents: ["carol"], at: minutes(40))]  // before this grant
        })
        #expect(found.map(\.kind) == [.contestedLock])
        #expect(found[0].summary == "lock on src/auth held by alice (token 4) is wanted by bob")
    }

    @Test func aStaleHolderOfAWantedLockIsBlocking() {
        let found = detector.problems(in: snapshot {
            $0.workers = [
                ObservedWorker(domain: "api", agent: "w1", status: .active, lastUpdate: minutes(300)),
                ObservedWorker(domain: "ui", agent: "w2", status: .active, lastUpdate: minutes(1), files: ["src/shared/x.ts"]),
            ]
            $0.locks = [LockGrant(path: try! LockPath("src/shared"), holder: "w1", token: 2, since: minutes(300), expires: minutes(-60), ttl: 3600, intent: "")]
        })
        #expect(found.map(\.kind) == [.collision, .staleHolder, .staleWorker])
        #expect(found[1].isBlocking)
        #expect(found[1].summary == "api holds src/shared (token 2) and has sent no update since 07:00, while ui wants it")
    }

    @Test func aHandoffWaitsTooLongOrGoesNowhere() {
        let found = detector.problems(in: snapshot {
            $0.workers = [ObservedWorker(domain: "api", status: .handedOff, lastUpdate: minutes(200)),
                          ObservedWorker(domain: "ui", status: .active, lastUpdate: minutes(200))]
            $0.handoffs = [ObservedHandoff(from: "api", to: "ui", at: minutes(180), pickedUp: false),
                           ObservedHandoff(from: "api", to: "ui", at: minutes(30), pickedUp: false),
                           ObservedHandoff(from: "api", to: "nobody", at: minutes(1), pickedUp: false),
                           ObservedHandoff(from: "api", to: "ui", at: minutes(190), pickedUp: true)]
        }).filter { $0.kind == .unpickedHandoff }
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.isBlocking })
        #expect(found.contains { $0.summary.hasSuffix("there is no worker nobody") })
    }

    @Test func decisionsAwaitApprovalAndAcknowledgementByActiveWorkers() {
        let found = detector.problems(in: snapshot {
            $0.workers = [ObservedWorker(domain: "api", agent: "w1", status: .active, lastUpdate: minutes(1)),
                          ObservedWorker(domain: "ui", agent: "w2", status: .active, lastUpdate: minutes(1)),
                          ObservedWorker(domain: "db", agent: "w3", status: .complete, lastUpdate: minutes(1))]
            $0.decisions = [ObservedDecision(id: "ADR-001", title: "Use JWT", status: "accepted", source: "lead", acknowledgedBy: ["w1"]),
                            ObservedDecision(id: "ADR-002", title: "FalkorDB", status: "proposed", source: "w1"),
                            ObservedDecision(id: "ADR-003", title: "Old", status: "superseded", source: "lead")]
        })
        #expect(found.map(\.key) == ["awaiting-approval:ADR-002", "unacknowledged:ADR-001"])
        #expect(found[1].subjects == ["ADR-001", "ui"])
        #expect(found.allSatisfy { !$0.isBlocking })
    }

    // MARK: De-duplication

    @Test func aProblemIsAnnouncedOnceWhileItPersistsAndOnceWhenItClears() {
        let blocker = Finding(kind: .blocker, key: "blocker:ui:1", summary: "ui is blocked")
        let stale = Finding(kind: .staleWorker, key: "stale-worker:api", summary: "api is silent")
        let all = Set(FindingKind.allCases)
        let first = ProblemTracker.advance(previous: [:], current: [blocker, stale], evaluated: all, now: now)
        #expect(first.opened.map(\.key) == ["blocker:ui:1", "stale-worker:api"])
        #expect(first.postings == ["blocking: ui is blocked"])

        var reworded = blocker
        reworded.summary = "ui is blocked (reworded)"
        let second = ProblemTracker.advance(previous: first.open, current: [reworded, stale], evaluated: all, now: now)
        #expect(second.opened.isEmpty && second.cleared.isEmpty && second.postings.isEmpty)
        #expect(second.persisting.count == 2)

        let third = ProblemTracker.advance(previous: second.open, current: [], evaluated: all, now: now)
        #expect(third.cleared.map(\.finding.key) == ["blocker:ui:1", "stale-worker:api"])
        #expect(third.postings == ["cleared: ui is blocked (reworded)"])
        #expect(third.open.isEmpty)

        let fourth = ProblemTracker.advance(previous: third.open, current: [], evaluated: all, now: now)
        #expect(fourth.postings.isEmpty && fourth.cleared.isEmpty)
    }

    @Test func aProblemWhoseJournalCouldNotBeReadIsNotCleared() {
        let blocker = Finding(kind: .blocker, key: "blocker:ui:1", summary: "ui is blocked")
        let first = ProblemTracker.advance(previous: [:], current: [blocker], evaluated: [.blocker], now: now)
        let blind = ProblemTracker.advance(previous: first.open, current: [], evaluated: [.expiredLock], now: now)
        #expect(blind.cleared.isEmpty && blind.postings.isEmpty)
        #expect(blind.open.keys.sorted() == ["blocker:ui:1"])
    }

    @Test func keysEscapeTheirSeparator() {
        #expect(FindingKey.make(.collision, ["a:b"]) != FindingKey.make(.collision, ["a", "b"]))
        #expect(FindingKey.fingerprint("x") == FindingKey.fingerprint("x"))
        #expect(FindingKey.fingerprint("x") != FindingKey.fingerprint("y"))
    }
}

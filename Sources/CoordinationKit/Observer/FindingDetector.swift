import CoordStorage
import FoundationEssentials

/// The observer's rules: which conditions on the board are problems.
///
/// Pure functions of a `BoardSnapshot`, the policy and the board's time zone,
/// so each rule is testable on its own. Every summary names its subjects and
/// the instant the condition began ("since 10:02"), never an age, so it stays
/// true, word for word, while the problem persists.
public struct FindingDetector: Sendable {
    public var policy: ObserverPolicy
    public var zone: BoardTimeZone

    public init(policy: ObserverPolicy, zone: BoardTimeZone) {
        self.policy = policy
        self.zone = zone
    }

    /// Every current problem, blocking ones first, then by key.
    public func problems(in snapshot: BoardSnapshot) -> [Finding] {
        var found: [Finding] = []
        found += blockers(snapshot)
        found += collisions(snapshot)
        found += lockProblems(snapshot)
        found += unpickedHandoffs(snapshot)
        found += staleWorkers(snapshot)
        found += decisionProblems(snapshot)
        found += taskProblems(snapshot)
        found += urgentUnreadMessages(snapshot)
        return found.sorted { ($0.kind, $0.key) < ($1.kind, $1.key) }
    }

    // MARK: Workers

    func blockers(_ snapshot: BoardSnapshot) -> [Finding] {
        snapshot.activeWorkers.flatMap { worker in
            worker.blockers.map { blocker in
                Finding(kind: .blocker, key: FindingKey.make(.blocker, [worker.domain, FindingKey.fingerprint(blocker.text)]),
                        summary: "\(worker.domain) is blocked since \(when(blocker.since, snapshot.now)): \(blocker.text)",
                        subjects: [worker.domain], since: blocker.since)
            }
        }
    }

    func isStale(_ worker: ObservedWorker, at now: Date) -> Bool {
        guard worker.status.isActive else { return false }
        guard let last = worker.lastActivity else { return true }
        return now.timeIntervalSince(last) > policy.staleAfter
    }

    func staleWorkers(_ snapshot: BoardSnapshot) -> [Finding] {
        snapshot.workers.filter { isStale($0, at: snapshot.now) }.map { worker in
            var last = worker.lastUpdate.map { "no update since \(when($0, snapshot.now))" } ?? "no update yet"
            if let seen = worker.lastSeen, seen > (worker.lastUpdate ?? .distantPast) {
                last += " and was last seen \(when(seen, snapshot.now))"
            }
            return Finding(kind: .staleWorker, key: FindingKey.make(.staleWorker, [worker.domain]),
                           summary: "\(worker.domain) is \(worker.status.rawValue) but has sent \(last)",
                           subjects: [worker.domain], since: worker.lastActivity)
        }
    }

    func unpickedHandoffs(_ snapshot: BoardSnapshot) -> [Finding] {
        let receivers = Dictionary(snapshot.workers.map { ($0.domain, $0) }, uniquingKeysWith: { a, _ in a })
        return snapshot.handoffs.compactMap { handoff in
            guard !handoff.pickedUp else { return nil }
            let receiver = receivers[handoff.to]
            let reason: String
            if receiver == nil {
                reason = "there is no worker \(handoff.to)"
            } else if receiver!.status.isActive {
                guard snapshot.now.timeIntervalSince(handoff.at) > policy.staleAfter else { return nil }
                reason = "\(handoff.to) has not picked it up"
            } else {
                reason = "\(handoff.to) is \(receiver!.status.rawValue)"
            }
            return Finding(kind: .unpickedHandoff,
                           key: FindingKey.make(.unpickedHandoff, [handoff.from, handoff.to, FindingKey.instant(handoff.at)]),
                           summary: "handoff from \(handoff.from) to \(handoff.to) at \(when(handoff.at, snapshot.now))"
                               + " is waiting: \(reason)",
                           subjects: [handoff.from, handoff.to], since: handoff.at)
        }
    }

    // MARK: Paths and locks

    func collisions(_ snapshot: BoardSnapshot) -> [Finding] {
        var claims: [PathClaim] = []
        for worker in snapshot.activeWorkers {
            claims += worker.files.map { PathClaim(party: worker.party, path: $0, source: .files) }
        }
        claims += snapshot.locks.filter { $0.isLive(at: snapshot.now) }.map {
            PathClaim(party: $0.holder, path: $0.path.description, source: .lock)
        }
        let name = names(snapshot)
        return PathClaims.collisions(claims).map { group in
            let parties = Dictionary(grouping: group.claims, by: { name($0.party) }).sorted { $0.key < $1.key }
            let described = parties.map { party, claims in
                let ways = claims.map { "\($0.source == .lock ? "lock" : "files") \($0.path)" }
                return "\(party) (\(ways.joined(separator: ", ")))"
            }
            return Finding(kind: .collision, key: FindingKey.make(.collision, [group.path]),
                           summary: "collision risk on \(group.path): \(described.joined(separator: " and "))",
                           subjects: parties.map(\.key))
        }
    }

    func lockProblems(_ snapshot: BoardSnapshot) -> [Finding] {
        let now = snapshot.now
        let name = names(snapshot)
        let workersByParty = Dictionary(snapshot.workers.map { ($0.party, $0) }, uniquingKeysWith: { a, _ in a })
        var found: [Finding] = []
        for lock in snapshot.locks {
            if lock.state(at: now, grace: snapshot.lockGrace) == .lapsed {
                guard now.timeIntervalSince(lock.expires) <= policy.expiredLookback else { continue }
                // A lock whose bound process ended is free before its expiry.
                let ended = lock.holderProcessEnded
                found.append(Finding(
                    kind: .expiredLock, key: FindingKey.make(.expiredLock, [lock.path.description, String(lock.token)]),
                    summary: "lock on \(lock.path) by \(name(lock.holder)) (token \(lock.token))"
                        + (ended ? " is free without a release: \(HolderProcess.endedReason)"
                                 : " expired at \(when(lock.expires, now)) without a release"),
                    subjects: [name(lock.holder), lock.path.description], since: min(lock.expires, now)))
                continue
            }
            guard lock.isLive(at: now) else { continue }  // in its grace period: neither live nor lapsed yet
            let lockPath = PathClaims.components(of: lock.path.description)
            let rivals = Set(snapshot.contests.filter { contest in
                (contest.token == lock.token || (contest.token == nil && contest.at >= lock.since))
                    && PathClaims.overlaps(PathClaims.components(of: contest.path), lockPath)
            }.flatMap(\.agents)).subtracting([lock.holder]).map(name).sorted()
            if !rivals.isEmpty {
                found.append(Finding(
                    kind: .contestedLock, key: FindingKey.make(.contestedLock, [lock.path.description, String(lock.token)]),
                    summary: "lock on \(lock.path) held by \(name(lock.holder)) (token \(lock.token))"
                        + " is wanted by \(rivals.joined(separator: ", "))",
                    subjects: [name(lock.holder)] + rivals, since: lock.since))
            }
            // A holder that went quiet (or finished) while others want the path.
            if let holder = workersByParty[lock.holder], isStale(holder, at: now) || !holder.status.isActive {
                let wanting = rivals.isEmpty ? filesRivals(of: lock, in: snapshot).map(name) : rivals
                guard !wanting.isEmpty else { continue }
                let state = holder.status.isActive
                    ? "has sent no update since \(holder.lastUpdate.map { when($0, now) } ?? "it started")"
                    : "is \(holder.status.rawValue)"
                found.append(Finding(
                    kind: .staleHolder, key: FindingKey.make(.staleHolder, [lock.path.description, String(lock.token)]),
                    summary: "\(name(lock.holder)) holds \(lock.path) (token \(lock.token)) and \(state), while "
                        + "\(wanting.joined(separator: ", ")) \(wanting.count == 1 ? "wants" : "want") it",
                    subjects: [name(lock.holder)] + wanting, since: holder.lastUpdate))
            }
        }
        return found
    }

    private func filesRivals(of lock: LockGrant, in snapshot: BoardSnapshot) -> [String] {
        let lockPath = PathClaims.components(of: lock.path.description)
        return Set(snapshot.activeWorkers.filter { worker in
            worker.party != lock.holder
                && worker.files.contains { PathClaims.overlaps(PathClaims.components(of: $0), lockPath) }
        }.map(\.party)).sorted()
    }

    // MARK: Decisions

    func decisionProblems(_ snapshot: BoardSnapshot) -> [Finding] {
        let name = names(snapshot)
        let active = Set(snapshot.activeWorkers.map(\.party))
        var found: [Finding] = []
        for decision in snapshot.decisions {
            if decision.awaitsApproval {
                found.append(Finding(
                    kind: .awaitingApproval, key: FindingKey.make(.awaitingApproval, [decision.id]),
                    summary: "\(decision.id) (\(decision.title)) proposed by \(decision.source) "
                        + (decision.openVote.map { "is open for a vote (\($0.votes) of \($0.quorum) votes)" } ?? "awaits approval"),
                    subjects: [decision.id, decision.source], since: decision.date))
            } else if decision.isActive {
                let missing = active.subtracting(decision.acknowledgedBy).subtracting([decision.source]).map(name).sorted()
                guard !missing.isEmpty else { continue }
                found.append(Finding(
                    kind: .unacknowledged, key: FindingKey.make(.unacknowledged, [decision.id]),
                    summary: "\(decision.id) (\(decision.title)) is not yet acknowledged by \(missing.joined(separator: ", "))",
                    subjects: [decision.id] + missing, since: decision.date))
            }
        }
        return found
    }

    // MARK: Wording

    /// How a party is named in findings: a worker by its domain, anyone else by agent name.
    func names(_ snapshot: BoardSnapshot) -> (String) -> String {
        let domains = Dictionary(snapshot.workers.compactMap { worker in worker.agent.map { ($0, worker.domain) } },
                                 uniquingKeysWith: { first, _ in first })
        return { domains[$0] ?? $0 }
    }

    /// `10:02` today, `2026-11-19 10:02` on another day, in the board's zone.
    func when(_ date: Date, _ now: Date) -> String {
        let local = zone.local(date)
        return local.date == zone.local(now).date ? local.time.description : "\(local.date) \(local.time)"
    }
}

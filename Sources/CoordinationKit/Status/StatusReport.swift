import CoordStorage
import FoundationEssentials

/// `coord status`: who is doing what, and what is stuck.
public struct StatusReport: Sendable {
    public struct Worker: Sendable, Equatable {
        public var domain: String
        public var number: Int?
        public var agent: String?
        public var status: ObservedWorker.Status
        public var lastUpdate: Date?
        /// When its agent last wrote to the board or sent a heartbeat, if later than `lastUpdate`.
        public var lastSeen: Date? = nil
        /// Active, but silent (no update, no write, no heartbeat) for longer than the stale threshold.
        public var stale: Bool
        public var blockers: Int
        public var context: Int?
    }

    public struct Blocker: Sendable, Equatable {
        public var domain: String
        public var text: String
        public var since: Date
    }

    public struct Unacknowledged: Sendable, Equatable {
        public var decision: ObservedDecision
        /// Active workers (agent names) that have not acknowledged it.
        public var missing: [String]
    }

    public struct ObserverSummary: Sendable, Equatable {
        public var lastPass: Date
        public var openProblems: Int
        public var blocking: Int
    }

    public var now: Date
    public var zone: BoardTimeZone
    public var goal: String?
    /// Workers needing attention first (blocked, stale), then by number and domain.
    public var workers: [Worker]
    /// Locks that still block others (live, or in their grace period), soonest expiry first.
    public var locks: [LockGrant]
    /// After `expires`, how long a lock still blocks others.
    public var lockGrace: Int64
    /// Open blockers, oldest first.
    public var blockers: [Blocker]
    public var awaitingApproval: [ObservedDecision]
    public var awaitingAcknowledgement: [Unacknowledged]
    /// The last few bulletin entries, oldest first.
    public var bulletin: [BulletinEntry]
    /// The last observer pass, when one has run.
    public var observer: ObserverSummary?
    /// The task queue, when the board has one.
    public var tasks: TaskSummary? = nil
    /// The board's git remote and its last successful sync, when it has one.
    public var remote: Remotes.View? = nil

    /// Each agent with unread direct messages, by name; nil when the board has no inboxes.
    public var unread: [UnreadCount]? = nil

    public struct UnreadCount: Sendable, Equatable {
        public var agent: String
        public var unread: Int
        public var urgent: Int
    }

    public var completeCount: Int { workers.count { $0.status == .complete } }
}

/// Builds the status from the board without reading its history: the
/// bulletin's tail (read backwards), each journal's current state, and the
/// observer's cursor.
public struct BoardStatus: Sendable {
    public let workspace: Workspace
    public var staleAfter: TimeInterval
    public var bulletinLimit: Int

    public init(_ workspace: Workspace, staleAfter: TimeInterval = Double(ObserverPolicy.defaultStaleAfter),
                bulletinLimit: Int = 5) {
        self.workspace = workspace
        self.staleAfter = staleAfter
        self.bulletinLimit = bulletinLimit
    }

    public func report() throws -> StatusReport {
        let now = workspace.clock.now()
        let snapshot = try BoardReader(workspace: workspace, now: now, lenient: false, includesFiles: false).snapshot()
        let bulletin = try Bulletin(workspace).read(BulletinQuery(limit: bulletinLimit))
        var report = StatusReport.build(from: snapshot, bulletin: bulletin, observer: try observerSummary(),
                                        zone: workspace.timeZone, staleAfter: staleAfter)
        report.tasks = try TaskSummary.read(workspace, at: now)
        report.remote = Remotes(workspace).current()
        return report
    }

    private func observerSummary() throws -> StatusReport.ObserverSummary? {
        guard let folder = try ObserverFolder.open(in: workspace.board, create: false) else { return nil }
        guard let cursor = try folder.cursors.loadSummary(), let last = cursor.lastPass else { return nil }
        return StatusReport.ObserverSummary(lastPass: last, openProblems: cursor.problemKinds.count,
                                            blocking: cursor.blockingCount)
    }
}

extension StatusReport {
    /// The status of `snapshot`: pure, for tests and for `BoardStatus`.
    public static func build(from snapshot: BoardSnapshot, bulletin: [BulletinEntry], observer: ObserverSummary?,
                             zone: BoardTimeZone, staleAfter: TimeInterval) -> StatusReport {
        let now = snapshot.now
        let workers = snapshot.workers.map { worker in
            Worker(domain: worker.domain, number: worker.number, agent: worker.agent, status: worker.status,
                   lastUpdate: worker.lastUpdate,
                   lastSeen: worker.lastSeen.flatMap { $0 > (worker.lastUpdate ?? .distantPast) ? $0 : nil },
                   stale: worker.status.isActive
                       && (worker.lastActivity.map { now.timeIntervalSince($0) > staleAfter } ?? true),
                   blockers: worker.status.isActive ? worker.blockers.count : 0, context: worker.context)
        }.sorted { a, b in
            (a.attention, a.number ?? Int.max, a.domain) < (b.attention, b.number ?? Int.max, b.domain)
        }
        let blockers = snapshot.activeWorkers.flatMap { worker in
            worker.blockers.map { Blocker(domain: worker.domain, text: $0.text, since: $0.since) }
        }.sorted { ($0.since, $0.domain) < ($1.since, $1.domain) }
        let active = Set(snapshot.activeWorkers.map(\.party))
        let domains = Dictionary(snapshot.workers.compactMap { worker in worker.agent.map { ($0, worker.domain) } },
                                 uniquingKeysWith: { first, _ in first })
        let unacknowledged = snapshot.decisions.filter(\.isActive).compactMap { decision -> Unacknowledged? in
            let missing = active.subtracting(decision.acknowledgedBy).subtracting([decision.source])
                .map { domains[$0] ?? $0 }.sorted()
            return missing.isEmpty ? nil : Unacknowledged(decision: decision, missing: missing)
        }
        var report = StatusReport(
            now: now, zone: zone, goal: snapshot.goal, workers: workers,
            locks: snapshot.locks.filter { $0.state(at: now, grace: snapshot.lockGrace) != .lapsed }
                .sorted { ($0.expires, $0.path.description) < ($1.expires, $1.path.description) },
            lockGrace: snapshot.lockGrace,
            blockers: blockers, awaitingApproval: snapshot.decisions.filter(\.awaitsApproval),
            awaitingAcknowledgement: unacknowledged, bulletin: bulletin, observer: observer)
        if !snapshot.inboxes.isEmpty {
            report.unread = snapshot.inboxes.filter { !$0.unread.isEmpty }.map {
                UnreadCount(agent: $0.agent, unread: $0.unread.count, urgent: $0.urgentUnread.count)
            }
        }
        return report
    }
}

extension StatusReport.Worker {
    /// 0 blocked, 1 stale, 2 active, 3 finished: the order of the table.
    var attention: Int {
        if status == .blocked || blockers > 0 { return 0 }
        if stale { return 1 }
        return status.isActive ? 2 : 3
    }
}

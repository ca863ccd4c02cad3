import CoordStorage
import FoundationEssentials

/// `coord status --json`. Instants are RFC 3339 in UTC (`JSONView.instant`);
/// ages and remaining times are whole seconds; locks are `LockView`s.
///
///     {"blockers":[…],"bulletin":[…],"decisions":{"awaiting_acknowledgement":[…],"awaiting_approval":[…]},
///      "goal":"…","locks":[…],"now":"2026-11-20T10:30:00.000Z","observer":{…},
///      "progress":{"complete":1,"total":3},"timezone":"Europe/Berlin","version":2,"workers":[…]}
public struct StatusDocument: Codable, Sendable, Equatable {
    public struct Progress: Codable, Sendable, Equatable {
        public var complete: Int
        public var total: Int
    }

    public struct Worker: Codable, Sendable, Equatable {
        public var domain: String
        public var number: Int?
        public var agent: String?
        public var status: String
        public var updated: String?
        public var ageSeconds: Int64?
        public var stale: Bool
        public var blockers: Int
        public var context: Int?
        /// When the agent last wrote to the board or sent a heartbeat, when later than `updated`.
        public var lastSeen: String? = nil

        enum CodingKeys: String, CodingKey {
            case domain, number, agent, status, updated, stale, blockers, context
            case ageSeconds = "age_seconds"
            case lastSeen = "last_seen"
        }
    }

    public struct Blocker: Codable, Sendable, Equatable {
        public var domain: String
        public var text: String
        public var since: String
        public var ageSeconds: Int64

        enum CodingKeys: String, CodingKey {
            case domain, text, since
            case ageSeconds = "age_seconds"
        }
    }

    public struct Decision: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var status: String
        public var source: String
        /// Active workers that have not acknowledged it (acknowledgement list only).
        public var missing: [String]?
        /// `{"quorum":3,"votes":1}` while it is open for a vote (approval list only).
        public var vote: ObservedDecision.OpenVote? = nil
    }

    public struct Decisions: Codable, Sendable, Equatable {
        public var awaitingApproval: [Decision]
        public var awaitingAcknowledgement: [Decision]

        enum CodingKeys: String, CodingKey {
            case awaitingApproval = "awaiting_approval"
            case awaitingAcknowledgement = "awaiting_acknowledgement"
        }
    }

    public struct Entry: Codable, Sendable, Equatable {
        public var time: String
        public var agent: String
        public var message: String
        public var byHand: Bool

        enum CodingKeys: String, CodingKey {
            case time, agent, message
            case byHand = "by_hand"
        }
    }

    public struct Observer: Codable, Sendable, Equatable {
        public var lastPass: String
        public var openProblems: Int
        public var blocking: Int

        enum CodingKeys: String, CodingKey {
            case blocking
            case lastPass = "last_pass"
            case openProblems = "open_problems"
        }
    }

    public var now: String
    public var timezone: String
    public var goal: String?
    public var progress: Progress
    public var workers: [Worker]
    public var locks: [LockView]
    public var blockers: [Blocker]
    public var decisions: Decisions
    public var bulletin: [Entry]
    public var observer: Observer?
    /// Present when the board has tasks.
    public var tasks: TaskSummary?
    /// Present when the board has a git remote: how fresh this host's copy is.
    public var remote: Remotes.View?

    /// Agents with unread direct messages; present when the board has inboxes.
    public var unread: [Unread]?

    public struct Unread: Codable, Sendable, Equatable {
        public var agent: String
        public var unread: Int
        public var urgent: Int
    }

    public init(_ report: StatusReport) {
        let zone = report.zone
        let now = report.now
        func instant(_ date: Date) -> String { JSONView.instant(date) }
        func seconds(_ start: Date, _ end: Date) -> Int64 { JSONView.seconds(from: start, to: end) }
        self.now = instant(now)
        timezone = zone.identifier
        goal = report.goal
        progress = Progress(complete: report.completeCount, total: report.workers.count)
        workers = report.workers.map {
            Worker(domain: $0.domain, number: $0.number, agent: $0.agent, status: $0.status.rawValue,
                   updated: $0.lastUpdate.map(instant), ageSeconds: $0.lastUpdate.map { seconds($0, now) },
                   stale: $0.stale, blockers: $0.blockers, context: $0.context, lastSeen: $0.lastSeen.map(instant))
        }
        locks = report.locks.map { LockView($0, now: now, grace: report.lockGrace) }
        tasks = report.tasks
        remote = report.remote
        unread = report.unread?.map { Unread(agent: $0.agent, unread: $0.unread, urgent: $0.urgent) }
        blockers = report.blockers.map {
            Blocker(domain: $0.domain, text: $0.text, since: instant($0.since), ageSeconds: seconds($0.since, now))
        }
        decisions = Decisions(
            awaitingApproval: report.awaitingApproval.map {
                Decision(id: $0.id, title: $0.title, status: $0.status, source: $0.source, missing: nil, vote: $0.openVote)
            },
            awaitingAcknowledgement: report.awaitingAcknowledgement.map {
                Decision(id: $0.decision.id, title: $0.decision.title, status: $0.decision.status,
                         source: $0.decision.source, missing: $0.missing)
            })
        bulletin = report.bulletin.map {
            Entry(time: instant($0.instant(in: zone)), agent: $0.agent, message: $0.message, byHand: $0.byHand)
        }
        observer = report.observer.map {
            Observer(lastPass: instant($0.lastPass), openProblems: $0.openProblems, blocking: $0.blocking)
        }
    }
}

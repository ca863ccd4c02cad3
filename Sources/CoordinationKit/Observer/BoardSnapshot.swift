import CoordStorage
import FoundationEssentials

/// What the observer and `coord status` look at, gathered from the board's
/// journals into one plain model. Detection works on this model only, so the
/// rules can be tested without files and each journal is read in one place.
public struct BoardSnapshot: Sendable {
    public var now: Date
    public var goal: String?
    public var workers: [ObservedWorker] = []
    /// Live locks, and locks that expired without a release.
    public var locks: [LockGrant] = []
    /// After `expires`, how long a lock still blocks others (the locks' grace).
    public var lockGrace: Int64 = LockSettings.standard.grace
    /// Evidence that several agents wanted the same path.
    public var contests: [ObservedContest] = []
    public var decisions: [ObservedDecision] = []
    /// Handoffs between workers, with whether the receiver has picked them up.
    public var handoffs: [ObservedHandoff] = []
    /// The task queue, when the board has one.
    public var tasks: TaskQueue? = nil
    /// Each inbox's unread messages (direct messages), by agent.
    public var inboxes: [ObservedInbox] = []
    /// The kinds of problem this snapshot could evaluate: a kind whose journal
    /// is absent from this coord or unreadable is left out, so its open
    /// problems are carried over rather than reported as cleared.
    public var evaluated: Set<FindingKind> = []
    /// Journals that could not be read, one sentence each.
    public var warnings: [String] = []

    public init(now: Date, goal: String? = nil) {
        self.now = now
        self.goal = goal
    }

    /// Workers still at work: active or blocked.
    public var activeWorkers: [ObservedWorker] { workers.filter(\.status.isActive) }
}

/// A worker's state as the observer needs it.
public struct ObservedWorker: Sendable, Equatable {
    public enum Status: String, Sendable, Codable, Equatable {
        case active, blocked, complete, exited
        case handedOff = "handed-off"

        /// Still at work (an open blocker does not end a worker's session).
        public var isActive: Bool { self == .active || self == .blocked }
    }

    public var domain: String
    public var number: Int?
    /// The agent name the worker acts as, when known.
    public var agent: String?
    public var status: Status
    public var lastUpdate: Date?
    /// Context use, in percent, from the latest update that gave it.
    public var context: Int?
    public var blockers: [OpenBlocker] = []
    /// Paths the worker said it is touching (`Files`), current set.
    public var files: [String] = []
    /// When the worker's agent last wrote to the board or sent a heartbeat
    /// (`LastSeen`), when that is known on this machine.
    public var lastSeen: Date? = nil

    /// The latest sign of life: its last worker record or its last-seen.
    public var lastActivity: Date? {
        guard let lastSeen else { return lastUpdate }
        guard let lastUpdate else { return lastSeen }
        return max(lastSeen, lastUpdate)
    }

    public init(domain: String, number: Int? = nil, agent: String? = nil, status: Status, lastUpdate: Date? = nil,
                context: Int? = nil, blockers: [OpenBlocker] = [], files: [String] = []) {
        self.domain = domain
        self.number = number
        self.agent = agent
        self.status = status
        self.lastUpdate = lastUpdate
        self.context = context
        self.blockers = blockers
        self.files = files
    }

    /// Who this worker is on the board: its agent name, else its domain.
    public var party: String { agent ?? domain }
}

public struct OpenBlocker: Sendable, Equatable {
    public var text: String
    public var since: Date

    public init(text: String, since: Date) {
        self.text = text
        self.since = since
    }
}

public struct ObservedHandoff: Sendable, Equatable {
    public var from: String
    public var to: String
    public var at: Date
    public var note: String?
    /// True once the receiving worker has recorded anything after the handoff.
    public var pickedUp: Bool

    public init(from: String, to: String, at: Date, note: String? = nil, pickedUp: Bool) {
        self.from = from
        self.to = to
        self.at = at
        self.note = note
        self.pickedUp = pickedUp
    }
}

/// Several agents wanting one path: a refused request, a force-break, or a
/// takeover right after an expiry.
public struct ObservedContest: Sendable, Equatable {
    public var path: String
    /// The holder at the time, and everyone who wanted the path.
    public var agents: [String]
    public var at: Date
    /// The live lock's token when the contest is over a live lock.
    public var token: Int64?

    public init(path: String, agents: [String], at: Date, token: Int64? = nil) {
        self.path = path
        self.agents = agents
        self.at = at
        self.token = token
    }
}

public struct ObservedDecision: Sendable, Equatable {
    public var id: String
    public var title: String
    /// `proposed`, `accepted`, `rejected` or `superseded`.
    public var status: String
    public var source: String
    public var date: Date?
    /// Agents that acknowledged it (`propagated_to`).
    public var acknowledgedBy: Set<String>
    /// While it is open for a vote: how many agents have voted, and how many close it.
    public var openVote: OpenVote?

    public struct OpenVote: Codable, Sendable, Equatable {
        public var votes: Int
        public var quorum: Int

        public init(votes: Int, quorum: Int) {
            self.votes = votes
            self.quorum = quorum
        }
    }

    public init(id: String, title: String, status: String, source: String, date: Date? = nil, acknowledgedBy: Set<String> = [],
                openVote: OpenVote? = nil) {
        self.openVote = openVote
        self.id = id
        self.title = title
        self.status = status
        self.source = source
        self.date = date
        self.acknowledgedBy = acknowledgedBy
    }

    public var awaitsApproval: Bool { status == "proposed" }
    public var isActive: Bool { status == "accepted" }
}

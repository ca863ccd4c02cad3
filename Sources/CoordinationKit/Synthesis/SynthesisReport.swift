import CoordStorage
import FoundationEssentials

/// The end-of-day report: everything `coord synthesize` says, as one value.
///
/// Both the Markdown renderer and `--json` are made from this structure, so
/// they always carry the same content. Every list in it is sorted explicitly
/// when it is built, so the same board gives the same bytes.
///
/// The shape is versioned by `v`. Fields may be added in a later version;
/// existing fields keep their meaning.
public struct SynthesisReport: Codable, Sendable, Equatable {
    public static let formatVersion = 2

    public var v: Int = formatVersion
    public var window: Window
    /// True when nothing at all happened in the window (the report is then short).
    public var empty: Bool
    /// Three to five sentences: what shipped, what is blocked, what changed in
    /// the architecture, and who needs what from a human.
    public var headline: [String]
    /// What a person has to do, each with the exact command.
    public var needsYou: [Action]
    /// For a window of several days: each day's headline, oldest first.
    public var days: [DayHeadline]
    public var progress: Progress
    public var workers: [WorkerSummary]
    public var across: AcrossWorkers
    public var locks: LockSummary
    public var timeline: Timeline
    public var activity: [AgentActivity]
    public var dataQuality: DataQuality
    /// The window's commits, when the workspace is a git repository.
    public var git: GitSummary?
    /// What `--via CMD` said about the report, when it was asked.
    public var narrative: Narrative?
    /// Tasks completed, claimed and blocked in the window; nil when the task
    /// journal has none there (or the board has no tasks).
    public var tasks: TaskActivity?
    /// Direct messages in the window; nil when the board has none there.
    public var messages: MessageActivity? = nil

    enum CodingKeys: String, CodingKey {
        case v, window, empty, headline, days, progress, workers, across, locks, timeline, activity, git, narrative, tasks
        case messages
        case needsYou = "needs_you"
        case dataQuality = "data_quality"
    }
}

// MARK: - The window

extension SynthesisReport {
    /// The stretch of time the report covers.
    public struct Window: Codable, Sendable, Equatable {
        /// `day`: one calendar day; `days`: whole days (`--week`); `since`: from an instant on.
        public enum Kind: String, Codable, Sendable { case day, days, since }
        public var kind: Kind
        /// The calendar day, for day reports.
        public var date: CivilDate?
        public var start: ReportTime
        public var end: ReportTime
        /// Set when the window had not ended when the report was made: states such
        /// as "open blocker" and "expired lock" are as of this instant.
        public var asOf: ReportTime?
        public var timezone: String

        enum CodingKeys: String, CodingKey {
            case kind, date, start, end, timezone
            case asOf = "as_of"
        }
    }
}

// MARK: - 1. Goal and progress

extension SynthesisReport {
    public struct Progress: Codable, Sendable, Equatable {
        public var goal: String?
        public var workersTotal: Int
        public var workersComplete: Int
        /// Workers per status, in the fixed order active, blocked, complete, handed-off, exited.
        public var workersByStatus: [Count]
        public var blockersOpened: Int
        public var blockersResolved: Int
        /// Blockers still open at the end of the window (or as of now).
        public var blockersOpen: Int
        /// Every blocker open at some point in the window: when it was raised and cleared.
        public var blockers: [BlockerSpan]
        /// Decisions made or changed in the window.
        public var decisions: [DecisionBrief]
        /// The observer's interventions: the lines it posted about blocking problems.
        public var interventions: [Intervention]
        public var bulletinEntries: Int
        public var agents: Int

        enum CodingKeys: String, CodingKey {
            case goal, decisions, interventions, agents, blockers
            case workersTotal = "workers_total"
            case workersComplete = "workers_complete"
            case workersByStatus = "workers_by_status"
            case blockersOpened = "blockers_opened"
            case blockersResolved = "blockers_resolved"
            case blockersOpen = "blockers_open"
            case bulletinEntries = "bulletin_entries"
        }
    }

    /// A name with a number: a status, a kind of entry.
    public struct Count: Codable, Sendable, Equatable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// A decision made or changed in the window, with its status at the window's end.
    public struct DecisionBrief: Codable, Sendable, Equatable {
        public var id: String
        public var decision: String
        public var status: String
        public var source: String
        /// What happened to it in the window, in order.
        public var steps: [DecisionStep]
    }

    public struct Intervention: Codable, Sendable, Equatable {
        public var at: ReportTime
        public var agent: String
        public var message: String
    }

    public struct DecisionStep: Codable, Sendable, Equatable {
        /// decided, proposed, approved, rejected or superseded.
        public var event: String
        public var actor: String
        public var at: ReportTime
        /// The reason of a rejection, or the decision that superseded it.
        public var detail: String?
    }
}

// MARK: - 2. Per worker

extension SynthesisReport {
    public struct WorkerSummary: Codable, Sendable, Equatable {
        public var name: String
        public var domain: String
        public var number: Int?
        public var agent: String?
        public var status: String
        public var observations: Int
        public var completed: [Item]
        public var discoveries: [Item]
        public var impact: [Item]
        public var openBlockers: [Item]
        /// The latest "next" the worker wrote.
        public var next: Item?
        public var files: [String]
        public var commits: [String]
        public var context: Int?
        public var handoffsGiven: [Handoff]
        public var handoffsReceived: [Handoff]
        public var finalReport: String?
        public var first: ReportTime?
        public var last: ReportTime?
        public var activeSeconds: Int64?

        enum CodingKeys: String, CodingKey {
            case name, domain, number, agent, status, observations, completed, discoveries, impact, next, files, commits
            case context, first, last
            case openBlockers = "open_blockers"
            case handoffsGiven = "handoffs_given"
            case handoffsReceived = "handoffs_received"
            case finalReport = "final_report"
            case activeSeconds = "active_seconds"
        }
    }

    /// One thing a worker wrote, with when.
    public struct Item: Codable, Sendable, Equatable {
        public var at: ReportTime
        public var text: String
    }

    public struct Handoff: Codable, Sendable, Equatable {
        public var at: ReportTime
        public var from: String
        public var to: String
        public var artifacts: [String]
        public var note: String?
    }
}

// MARK: - 3. Across workers

extension SynthesisReport {
    public struct AcrossWorkers: Codable, Sendable, Equatable {
        /// Files or paths named by two or more workers (in Files, locks or handoff artifacts).
        public var sharedPaths: [SharedPath]
        public var handoffChains: [HandoffChain]
        public var blockersResolvedByOthers: [CrossResolution]
        public var decisions: [DecisionUptake]
        /// A worker that recorded work after a decision was made without having acknowledged it.
        public var actedBeforeAcknowledging: [ActedBeforeAcknowledging]

        enum CodingKeys: String, CodingKey {
            case decisions
            case sharedPaths = "shared_paths"
            case handoffChains = "handoff_chains"
            case blockersResolvedByOthers = "blockers_resolved_by_others"
            case actedBeforeAcknowledging = "acted_before_acknowledging"
        }

        public static let none = AcrossWorkers(sharedPaths: [], handoffChains: [], blockersResolvedByOthers: [],
                                               decisions: [], actedBeforeAcknowledging: [])
    }

    public struct SharedPath: Codable, Sendable, Equatable {
        public var path: String
        public var workers: [String]
    }

    /// Workers linked by handoffs, in order: `a → b → c`.
    public struct HandoffChain: Codable, Sendable, Equatable {
        public var workers: [String]
    }

    public struct CrossResolution: Codable, Sendable, Equatable {
        public var blocker: String
        public var raisedBy: String
        public var raisedAt: ReportTime
        public var resolvedBy: String
        public var resolvedAt: ReportTime

        enum CodingKeys: String, CodingKey {
            case blocker
            case raisedBy = "raised_by"
            case raisedAt = "raised_at"
            case resolvedBy = "resolved_by"
            case resolvedAt = "resolved_at"
        }
    }

    public struct DecisionUptake: Codable, Sendable, Equatable {
        public var id: String
        public var decision: String
        public var status: String
        public var acknowledged: [String]
        public var notAcknowledged: [String]

        enum CodingKeys: String, CodingKey {
            case id, decision, status, acknowledged
            case notAcknowledged = "not_acknowledged"
        }
    }
}

// MARK: - 4. Locks

extension SynthesisReport {
    public struct LockSummary: Codable, Sendable, Equatable {
        public var held: [LockHold]
        public var contested: [LockContest]
        public var forceBroken: [LockBreak]
        public var expired: [LockHold]
        /// Items past the per-list limit, per list (`held`, `contested`, …).
        public var omitted: [Count]

        enum CodingKeys: String, CodingKey {
            case held, contested, expired, omitted
            case forceBroken = "force_broken"
        }

        public static let none = LockSummary(held: [], contested: [], forceBroken: [], expired: [], omitted: [])
    }

    public struct LockHold: Codable, Sendable, Equatable {
        public var path: String
        public var holder: String
        public var intent: String?
        public var since: ReportTime
        /// When the hold ended (release, break or expiry); nil while it is live.
        public var until: ReportTime?
        /// released, broken, expired or live.
        public var outcome: String
        public var token: Int64?
        /// When a live hold lapses unless it is renewed.
        public var expires: ReportTime?
    }

    /// A path two or more agents held in turn, held overlapping paths of, or broke.
    public struct LockContest: Codable, Sendable, Equatable {
        public var path: String
        public var holders: [String]
        /// Requests refused while it was held, when the journal records them.
        public var refused: [Refusal]
    }

    public struct Refusal: Codable, Sendable, Equatable {
        public var agent: String
        public var at: ReportTime
        public var holder: String
    }

    public struct LockBreak: Codable, Sendable, Equatable {
        public var path: String
        public var holder: String
        public var brokenBy: String
        public var reason: String
        public var at: ReportTime

        enum CodingKeys: String, CodingKey {
            case path, holder, reason, at
            case brokenBy = "broken_by"
        }
    }
}

// MARK: - 5. Timeline

extension SynthesisReport {
    public struct Timeline: Codable, Sendable, Equatable {
        public var hours: [Hour]
        /// Routine lines folded away over the whole window, per kind.
        public var folded: [Count]
        /// At most this many entries are shown per hour, significant kinds first.
        public var limitPerHour: Int

        enum CodingKeys: String, CodingKey {
            case hours, folded
            case limitPerHour = "limit_per_hour"
        }
    }

    public struct Hour: Codable, Sendable, Equatable {
        /// `09:00`, or `2026-11-21 09:00` when the window spans several days.
        public var label: String
        public var entries: [TimelineEntry]
        /// Entries of this hour not shown, per kind (over the per-hour limit).
        public var more: [Count]
        /// Routine lines folded away in this hour, per kind.
        public var folded: [Count]
    }

    public struct TimelineEntry: Codable, Sendable, Equatable {
        public var at: ReportTime
        public var agent: String
        public var kind: String
        public var message: String
        public var byHand: Bool

        enum CodingKeys: String, CodingKey {
            case at, agent, kind, message
            case byHand = "by_hand"
        }
    }
}

// MARK: - 6. Activity per agent

extension SynthesisReport {
    public struct AgentActivity: Codable, Sendable, Equatable {
        public var agent: String
        public var posts: Int
        public var first: ReportTime
        public var last: ReportTime
        /// Lines appended by something other than coord (a cron job, an editor).
        public var byHand: Int

        enum CodingKeys: String, CodingKey {
            case agent, posts, first, last
            case byHand = "by_hand"
        }
    }
}

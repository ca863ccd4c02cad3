import CoordStorage
import FoundationEssentials

// MARK: - What a lead reads first

extension SynthesisReport {
    /// One thing a person has to do, with the exact command that does it.
    public struct Action: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// A proposed decision waits for approval or rejection.
            case approve
            /// A worker was still blocked when the window ended.
            case blocker
            /// A worker has not acknowledged an active decision.
            case acknowledge
            /// A live lock lapses overnight while someone else wants its path.
            case expiringLock = "expiring-lock"
            /// A handoff that nobody picked up.
            case handoff
            /// An active worker that went silent.
            case staleWorker = "stale-worker"
        }

        public var kind: Kind
        /// What the action is about: a decision id, a worker, a path.
        public var subject: String
        /// One sentence saying what is wrong.
        public var text: String
        /// The command that deals with it.
        public var command: String
    }

    /// One day's headline in a report over several days.
    public struct DayHeadline: Codable, Sendable, Equatable {
        public var date: CivilDate
        public var headline: [String]
    }

    /// A blocker from when it was raised until it was cleared (nil while open).
    public struct BlockerSpan: Codable, Sendable, Equatable {
        public var worker: String
        public var text: String
        public var opened: ReportTime
        public var cleared: ReportTime?
    }

    /// A worker that recorded work after a decision without having acknowledged it.
    public struct ActedBeforeAcknowledging: Codable, Sendable, Equatable {
        public var decision: String
        public var madeBy: String
        public var madeAt: ReportTime
        public var worker: String
        public var actedAt: ReportTime

        enum CodingKeys: String, CodingKey {
            case decision, worker
            case madeBy = "made_by"
            case madeAt = "made_at"
            case actedAt = "acted_at"
        }
    }
}

// MARK: - Git

extension SynthesisReport {
    /// The window's commits in the workspace's git repository.
    public struct GitSummary: Codable, Sendable, Equatable {
        public var commits: [Commit]
        /// Why the commits could not be read, when git failed.
        public var problem: String?
    }

    public struct Commit: Codable, Sendable, Equatable {
        public var hash: String
        public var author: String
        public var at: ReportTime
        public var subject: String
        /// The worker (domain) or agent the commit is attributed to.
        public var attributedTo: String?
        /// How: `trailer` (a `Coord-Agent:` line), `author`, or `files` (the worker's own files).
        public var attributedBy: String?
        /// Paths changed, relative to the workspace root.
        public var files: [String]
        /// Decision ids the message cites (`ADR-004`) that are on the board.
        public var decisions: [String]
        /// Paths the commit changed while another agent held them locked.
        public var intoLocks: [LockIntrusion]

        enum CodingKeys: String, CodingKey {
            case hash, author, at, subject, files, decisions
            case attributedTo = "attributed_to"
            case attributedBy = "attributed_by"
            case intoLocks = "into_locks"
        }

        public var shortHash: String { String(hash.prefix(7)) }
    }

    public struct LockIntrusion: Codable, Sendable, Equatable {
        public var file: String
        public var lock: String
        public var holder: String
    }
}

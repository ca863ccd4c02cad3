import CoordStorage
import FoundationEssentials

/// Something `coord observe` noticed on the board.
///
/// Findings come in two shapes:
/// - **events** happened since the previous pass (a new discovery, a handoff,
///   bulletin activity) and are reported once, by that pass;
/// - **problems** are conditions that hold while the board stays as it is (an
///   open blocker, a lock that expired without a release). Each has a stable
///   `key`, so the observer can tell "still the same problem" from "a new one"
///   across passes: a problem is logged once when it opens and once when it
///   clears, and a *blocking* one gets one bulletin line at each of those two
///   moments, never more.
public struct Finding: Codable, Sendable, Equatable {
    public var kind: FindingKind
    /// Stable while the problem persists: built from names, paths, ids and
    /// tokens only, never from ages or counts. Events have a unique key too.
    public var key: String
    /// One line for people, without ages (so it stays true while it persists).
    public var summary: String
    /// The workers, agents, paths or decision ids concerned.
    public var subjects: [String]
    /// When the condition began or the event happened, when known.
    public var since: Date?

    public init(kind: FindingKind, key: String, summary: String, subjects: [String] = [], since: Date? = nil) {
        self.kind = kind
        self.key = key
        self.summary = summary
        self.subjects = subjects
        self.since = since
    }

    public var isBlocking: Bool { kind.isBlocking }
    public var isProblem: Bool { kind.isProblem }

    enum CodingKeys: String, CodingKey { case kind, key, summary, subjects, since }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(FindingKind.self, forKey: .kind)
        key = try container.decode(String.self, forKey: .key)
        summary = try container.decode(String.self, forKey: .summary)
        subjects = try container.decodeIfPresent([String].self, forKey: .subjects) ?? []
        since = try container.decodeInstantIfPresent(forKey: .since)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(key, forKey: .key)
        try container.encode(summary, forKey: .summary)
        try container.encode(subjects, forKey: .subjects)
        try container.encodeInstantIfPresent(since, forKey: .since)
    }
}

/// What a finding is about. The raw values appear in `--json` and the observer log.
public enum FindingKind: String, Codable, Sendable, CaseIterable, Comparable {
    // Events: new since the previous pass.
    case observation
    case discovery
    case handoff
    case completion
    case lockBreak = "lock-break"
    case activity

    // Problems: conditions tracked from pass to pass.
    case blocker
    case collision
    case contestedLock = "contested-lock"
    case staleHolder = "stale-holder"
    case unpickedHandoff = "unpicked-handoff"
    case staleWorker = "stale-worker"
    case expiredLock = "expired-lock"
    case awaitingApproval = "awaiting-approval"
    case unacknowledged
    case expiredClaim = "expired-claim"
    case overdueTask = "overdue-task"
    case finishedBlocker = "finished-blocker"
    case cancelledDependency = "cancelled-dependency"
    case urgentUnread = "urgent-unread"

    /// Problems that stop someone's work. Only these are posted to the bulletin.
    public var isBlocking: Bool {
        switch self {
        case .blocker, .collision, .contestedLock, .staleHolder, .unpickedHandoff: return true
        default: return false
        }
    }

    public var isProblem: Bool {
        switch self {
        case .observation, .discovery, .handoff, .completion, .lockBreak, .activity: return false
        default: return true
        }
    }

    /// Report order: blocking problems first, then other problems, then events.
    var rank: Int { Self.allCases.firstIndex(of: self).map { isProblem ? $0 - 100 : $0 } ?? 0 }

    public static func < (a: FindingKind, b: FindingKind) -> Bool { a.rank < b.rank }

    /// A short label for text output.
    public var label: String {
        switch self {
        case .observation: return "update"
        case .discovery: return "discovery"
        case .handoff: return "handoff"
        case .completion: return "complete"
        case .lockBreak: return "lock broken"
        case .activity: return "activity"
        case .blocker: return "BLOCKER"
        case .collision: return "COLLISION"
        case .contestedLock: return "CONTESTED"
        case .staleHolder: return "STALE HOLDER"
        case .unpickedHandoff: return "HANDOFF WAITING"
        case .staleWorker: return "stale"
        case .expiredLock: return "expired lock"
        case .awaitingApproval: return "needs approval"
        case .unacknowledged: return "unacknowledged"
        case .expiredClaim: return "expired claim"
        case .overdueTask: return "overdue task"
        case .finishedBlocker: return "blocker done"
        case .cancelledDependency: return "cannot start"
        case .urgentUnread: return "urgent unread"
        }
    }
}

/// Builds finding keys: `kind:part:part`, with each part escaped so that a
/// `:` inside a path or a domain cannot make two different problems collide.
enum FindingKey {
    static func make(_ kind: FindingKind, _ parts: [String]) -> String {
        ([kind.rawValue] + parts.map(escape)).joined(separator: ":")
    }

    private static func escape(_ part: String) -> String {
        guard part.contains(":") || part.contains("%") else { return part }
        return part.replacing("%", with: "%25").replacing(":", with: "%3A")
    }

    /// An instant as a key part: `20261121T094500.000Z` (UTC, no colons).
    static func instant(_ date: Date) -> String {
        Timestamp.utc(date).filter { $0 != ":" && $0 != "-" }
    }

    /// A short, stable fingerprint of free text (FNV-1a, 64 bits, hex), for
    /// problems identified by what they say, such as a blocker's text.
    static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

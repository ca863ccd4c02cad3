import CoordStorage
import FoundationEssentials

/// A problem the observer has seen open, remembered in its cursor file.
public struct TrackedProblem: Codable, Sendable, Equatable {
    public var finding: Finding
    /// The pass that first saw it.
    public var opened: Date
    /// True when a bulletin line announced it (blocking problems only), so
    /// its clearing is announced too.
    public var posted: Bool

    public init(finding: Finding, opened: Date, posted: Bool) {
        self.finding = finding
        self.opened = opened
        self.posted = posted
    }

    enum CodingKeys: String, CodingKey { case finding, opened, posted }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        finding = try container.decode(Finding.self, forKey: .finding)
        opened = try container.decodeInstant(forKey: .opened)
        posted = try container.decodeIfPresent(Bool.self, forKey: .posted) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(finding, forKey: .finding)
        try container.encodeInstant(opened, forKey: .opened)
        try container.encode(posted, forKey: .posted)
    }
}

/// How the set of problems moved between two passes.
public struct ProblemTransitions: Sendable, Equatable {
    /// Seen now and not open before.
    public var opened: [Finding] = []
    /// Open before and still there.
    public var persisting: [TrackedProblem] = []
    /// Open before, gone now.
    public var cleared: [TrackedProblem] = []
    /// What to remember for the next pass, by key.
    public var open: [String: TrackedProblem] = [:]
    /// The bulletin lines this pass must post: one per newly opened blocking
    /// problem and one per cleared problem that was announced.
    public var postings: [String] = []
}

/// The de-duplication state machine behind "post once while it persists,
/// and once when it clears".
///
/// Per key:  absent -> open (log; post if blocking) -> open (nothing) -> absent
/// (log; post "cleared" if it was posted). A problem of a kind that this pass
/// could not evaluate (its journal was unreadable) is carried over unchanged:
/// not being able to look is not the same as the problem having gone away.
public enum ProblemTracker {
    public static func advance(
        previous: [String: TrackedProblem], current: [Finding], evaluated: Set<FindingKind>, now: Date
    ) -> ProblemTransitions {
        var result = ProblemTransitions()
        var seen = Set<String>()
        for finding in current where finding.isProblem && seen.insert(finding.key).inserted {
            if var known = previous[finding.key] {
                known.finding = finding  // the wording may have moved on (a third worker joined)
                result.persisting.append(known)
                result.open[finding.key] = known
            } else {
                result.opened.append(finding)
                result.open[finding.key] = TrackedProblem(finding: finding, opened: now, posted: finding.isBlocking)
                if finding.isBlocking { result.postings.append(announcement(finding)) }
            }
        }
        for key in previous.keys.sorted() where !seen.contains(key) {
            let known = previous[key]!
            if !evaluated.contains(known.finding.kind) {
                result.open[key] = known
                continue
            }
            result.cleared.append(known)
            if known.posted { result.postings.append(clearance(known.finding)) }
        }
        return result
    }

    /// The bulletin line for a blocking problem that has just opened.
    public static func announcement(_ finding: Finding) -> String {
        "blocking: \(finding.summary)"
    }

    /// The bulletin line for an announced problem that has cleared.
    public static func clearance(_ finding: Finding) -> String {
        "cleared: \(finding.summary)"
    }
}

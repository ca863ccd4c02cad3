import CoordStorage
import FoundationEssentials

/// `coord observe --json`: one document per pass (one line per
/// pass with `--watch`).
///
///     {"at":"2026-11-20T10:30:00.000Z","events":[…],"first_pass":false,"pass":12,
///      "posted":["blocking: …"],"previous_pass":"…","problems":[{"blocking":true,"key":"…",
///      "kind":"blocker","posted":true,"since":"…","age_seconds":3900,"state":"new","subjects":[…],
///      "summary":"…"}],"version":2}
public struct ObserveDocument: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var kind: String
        public var key: String
        public var summary: String
        public var subjects: [String]
        public var since: String?
        public var ageSeconds: Int64?
        public var blocking: Bool
        /// `new`, `open` or `cleared` for problems; nil for events.
        public var state: String?
        public var posted: Bool?

        enum CodingKeys: String, CodingKey {
            case kind, key, summary, subjects, since, blocking, state, posted
            case ageSeconds = "age_seconds"
        }
    }

    public var at: String
    public var pass: Int
    public var previousPass: String?
    public var firstPass: Bool
    public var events: [Item]
    public var problems: [Item]
    public var posted: [String]
    public var bulletinRestarted: Bool
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case at, pass, events, problems, posted, warnings
        case previousPass = "previous_pass"
        case firstPass = "first_pass"
        case bulletinRestarted = "bulletin_restarted"
    }

    public init(_ report: ObserveReport) {
        func item(_ finding: Finding, state: ObserveReport.Problem.State?, posted: Bool?) -> Item {
            Item(kind: finding.kind.rawValue, key: finding.key, summary: finding.summary, subjects: finding.subjects,
                 since: finding.since.map(JSONView.instant),
                 ageSeconds: finding.since.map { Int64(report.at.timeIntervalSince($0).rounded(.down)) },
                 blocking: finding.isBlocking, state: state?.rawValue, posted: posted)
        }
        at = JSONView.instant(report.at)
        pass = report.pass
        previousPass = report.previousPass.map(JSONView.instant)
        firstPass = report.isFirstPass
        events = report.events.map { item($0, state: nil, posted: nil) }
        problems = report.problems.map { item($0.finding, state: $0.state, posted: $0.posted) }
        posted = report.posted
        bulletinRestarted = report.bulletinRestarted
        warnings = report.warnings
    }
}

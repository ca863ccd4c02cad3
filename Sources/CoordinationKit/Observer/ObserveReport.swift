import CoordStorage
import FoundationEssentials

/// What one observer pass found: its `--json` output and the source of its text.
public struct ObserveReport: Sendable, Equatable {
    /// A problem as this pass sees it.
    public struct Problem: Sendable, Equatable {
        public enum State: String, Sendable, Codable {
            /// Seen for the first time by this pass.
            case new
            /// Already open at the previous pass.
            case open
            /// Open at the previous pass, gone now.
            case cleared
        }

        public var finding: Finding
        public var state: State
        /// True when this pass posted a bulletin line about it.
        public var posted: Bool
    }

    public var at: Date
    public var pass: Int
    /// When the previous pass ran (nil on the first pass).
    public var previousPass: Date?
    /// Events since the previous pass, oldest first.
    public var events: [Finding]
    /// Open problems (new and persisting), then cleared ones.
    public var problems: [Problem]
    /// The bulletin lines this pass posted.
    public var posted: [String]
    /// Set when the bulletin had been rewritten or the gap was too long to read whole.
    public var bulletinRestarted: Bool
    /// Journals this pass could not read (their problems were left as they were).
    public var warnings: [String] = []

    public var isFirstPass: Bool { previousPass == nil }
    public var openProblems: [Problem] { problems.filter { $0.state != .cleared } }
    public var newProblems: [Problem] { problems.filter { $0.state == .new } }
    public var clearedProblems: [Problem] { problems.filter { $0.state == .cleared } }
}

import CoordStorage
import FoundationEssentials

// MARK: - Data quality and narrative

extension SynthesisReport {
    public struct DataQuality: Codable, Sendable, Equatable {
        /// Lines readers had to skip (torn, garbage, hand-mangled), over all files.
        public var skippedLines: Int
        public var files: [SkippedFile]

        enum CodingKeys: String, CodingKey {
            case files
            case skippedLines = "skipped_lines"
        }
    }

    public struct SkippedFile: Codable, Sendable, Equatable {
        /// Relative to `.coordination/`.
        public var path: String
        public var count: Int
        /// The first few skipped lines: number and reason.
        public var examples: [SkippedLine]
    }

    public struct SkippedLine: Codable, Sendable, Equatable {
        public var line: Int
        public var reason: String
    }

    public struct Narrative: Codable, Sendable, Equatable {
        public enum Outcome: String, Codable, Sendable {
            case written
            case failed
            case timedOut = "timed-out"
        }
        public var command: [String]
        public var outcome: Outcome
        public var text: String?
        /// Why there is no narrative, when there is none.
        public var problem: String?
    }
}

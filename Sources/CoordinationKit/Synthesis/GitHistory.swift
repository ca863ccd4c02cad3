import CoordStorage
import FoundationEssentials

/// The commits of a report's window, read by running `git log` in the
/// workspace root (as a real process, without a shell).
///
/// Only local branches are read, so every worker's branch counts and stashes
/// and remote copies do not. Paths are relative to the workspace root.
public struct GitHistory: Sendable {
    /// The trailer that names the agent a commit was made by: `Coord-Agent: worker-1-backend-api`.
    public static let trailerKey = "Coord-Agent"

    /// The trailer line for `agent`, as `coord trailer` prints it.
    public static func trailer(for agent: AgentName) -> String { "\(trailerKey): \(agent.rawValue)" }

    public struct Commit: Sendable, Equatable {
        public var hash: String
        public var author: String
        public var email: String
        public var at: Date
        public var message: String
        public var files: [String]

        /// The first line of the message.
        public var subject: String { String(message.prefix { $0 != "\n" }) }

        /// The agent a `Coord-Agent:` trailer names (the last one, if several).
        public var trailerAgent: String? {
            var found: String?
            for line in message.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = GitHistory.trimmed(line[..<colon])
                let value = GitHistory.trimmed(line[line.index(after: colon)...])
                if key.lowercased() == GitHistory.trailerKey.lowercased() && !value.isEmpty { found = value }
            }
            return found
        }

        /// The numbers of the `ADR-NNN` ids the message cites, in order of first mention.
        public var citedDecisionNumbers: [Int] {
            var numbers: [Int] = []
            let bytes = Array(message.utf8)
            var i = 0
            while i + 4 < bytes.count {
                defer { i += 1 }
                guard bytes[i] == UInt8(ascii: "A"), bytes[i + 1] == UInt8(ascii: "D"), bytes[i + 2] == UInt8(ascii: "R"),
                      bytes[i + 3] == UInt8(ascii: "-"), i == 0 || !Self.isWordByte(bytes[i - 1])
                else { continue }
                var j = i + 4
                var number = 0
                while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, j - i < 12 {
                    number = number * 10 + Int(bytes[j] - 0x30)
                    j += 1
                }
                if j > i + 4 && !numbers.contains(number) { numbers.append(number) }
            }
            return numbers
        }

        private static func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == UInt8(ascii: "_")
        }
    }

    public enum Outcome: Sendable, Equatable {
        /// The workspace is not in a git repository (or git is not installed).
        case notARepository
        case commits([Commit])
        /// git ran but failed: the reason, in one sentence.
        case failed(String)
    }

    public let root: String
    public var timeLimitSeconds: Double = 20
    /// What the time limit is measured on.
    public var monotonic: MonotonicClock = .system

    public init(root: String) { self.root = root }

    /// True when `root` or a folder above it holds `.git` (a folder, or a file for a worktree).
    public var isRepository: Bool {
        var folder = root
        while true {
            if SystemCall.status(ofPath: Workspace.join(folder, ".git")) != nil { return true }
            let parent = Workspace.parent(of: folder)
            if parent == folder || parent.isEmpty { return false }
            folder = parent
        }
    }

    /// The commits made (by committer time) in `start ..< end` (or `... end` when `includingEnd`), oldest first.
    public func commits(from start: Date, to end: Date, includingEnd: Bool = false) -> Outcome {
        guard isRepository else { return .notARepository }
        let separator = "%x1e", field = "%x1f"
        // A day of slack on each side: git's own filter is by committer date with
        // heuristics; the exact window is applied below.
        let arguments = [
            "git", "-C", root, "-c", "core.quotepath=off", "log", "--branches", "--relative", "--name-only", "-z",
            "--since=" + Timestamp.utc(start.addingTimeInterval(-86_400)),
            "--until=" + Timestamp.utc(end.addingTimeInterval(86_400)),
            "--format=" + separator + ["%H", "%an", "%ae", "%ct", "%B"].joined(separator: field) + field,
        ]
        let result = ExternalCommand(arguments: arguments, timeLimitSeconds: timeLimitSeconds, outputLimit: 64 << 20,
                                     monotonic: monotonic)
            .run(input: [])
        switch result.ending {
        case .notStarted: return .notARepository
        case .timedOut: return .failed("git log did not finish within \(Int(timeLimitSeconds)) s in \(root).")
        case .signalled(let signal): return .failed("git log stopped on signal \(signal) in \(root).")
        case .exited(let status) where status != 0:
            let reason = String(decoding: result.errorOutput, as: UTF8.self)
                .split(separator: "\n").first.map(String.init) ?? "exit status \(status)"
            // A repository without any commit yet has nothing to report.
            if reason.contains("does not have any commits") { return .commits([]) }
            return .failed("git log failed in \(root): \(reason)")
        case .exited:
            break
        }
        let all = Self.parse(result.output)
        return .commits(all.filter { $0.at >= start && (includingEnd ? $0.at <= end : $0.at < end) }.reversed())
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ text: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }

    /// Parses `git log -z --name-only` output in the format above.
    static func parse(_ output: [UInt8]) -> [Commit] {
        output.split(separator: 0x1E).compactMap { chunk in
            let fields = chunk.split(separator: 0x1F, maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count >= 5, let seconds = Int64(String(decoding: fields[3], as: UTF8.self)) else { return nil }
            let text = { (bytes: ArraySlice<UInt8>) in String(decoding: bytes, as: UTF8.self) }
            let files = fields.count > 5
                ? fields[5].split(whereSeparator: { $0 == 0 || $0 == 0x0A }).map { text($0) }.filter { !$0.isEmpty }
                : []
            return Commit(hash: trimmed(Substring(text(fields[0]))), author: text(fields[1]),
                          email: text(fields[2]), at: Date(timeIntervalSince1970: Double(seconds)),
                          message: trimmed(Substring(text(fields[4]))), files: files)
        }
    }
}

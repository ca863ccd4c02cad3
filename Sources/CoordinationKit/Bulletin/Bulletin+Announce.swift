import CoordStorage
import Synchronization

/// Warnings a command collects while it runs: secondary writes that failed
/// after the command's primary record was committed.
///
/// The commit rule for an operation that spans several files: the primary
/// record (a decision, a worker update, a lock grant) is written first, and a
/// failure there is an error with nothing committed. The bulletin line that
/// announces it is secondary: when it fails, the operation still succeeded, so
/// the command exits 0 and the failure is reported as a warning here.
public final class CommandWarnings: Sendable {
    /// The collector of the command running on this task; nil drops warnings.
    @TaskLocal public static var current: CommandWarnings?

    private let collected = Mutex<[String]>([])
    private let collectedNotes = Mutex<[String]>([])

    public init() {}

    public func add(_ warning: String) { collected.withLock { $0.append(warning) } }

    public var all: [String] { collected.withLock { $0 } }

    /// Information that is not a problem (a keyed call that repeated an earlier one).
    public func addNote(_ note: String) { collectedNotes.withLock { $0.append(note) } }

    public var notes: [String] { collectedNotes.withLock { $0 } }
}

extension Bulletin {
    /// Posts the line that announces a record already committed elsewhere.
    /// A failure is a warning (see `CommandWarnings`), never an error: the
    /// record stands, and a retry would duplicate it.
    ///
    /// With `lockHeld`, the caller already holds the board lock (it has just
    /// committed the record inside it), and the line is appended in the same
    /// critical section, after the record.
    func announce(_ messages: [String], as agent: AgentName, lockHeld: Bool = false) {
        do {
            if lockHeld {
                _ = try postLocked(messages, escaped: messages.map { try Self.validatedLine($0, line: nil) }, as: agent)
            } else {
                try post(messages, as: agent)
            }
        } catch {
            let reason = (error as? CoordError)?.message ?? "\(error)"
            CommandWarnings.current?.add(
                "The record was saved, but its line in '\(path)' was not posted (\(reason)); post it with coord post if the team should see it.")
        }
    }

    func announce(_ message: String, as agent: AgentName) { announce([message], as: agent) }
}

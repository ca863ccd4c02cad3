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

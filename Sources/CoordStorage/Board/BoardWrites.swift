import Synchronization

/// The boards a command took the board lock on, that is, wrote to (every
/// writer takes it; readers never do). `coord` collects them so that a
/// writing command refreshes its agent's last-seen without each command
/// saying so, and without a read command ever writing.
public final class BoardWrites: Sendable {
    /// The collector of the command running on this task; nil collects nothing.
    @TaskLocal public static var current: BoardWrites?

    private let boards = Mutex<[BoardDirectory]>([])

    public init() {}

    package func note(_ board: BoardDirectory) {
        boards.withLock { list in
            if !list.contains(where: { $0 === board || $0.path == board.path }) { list.append(board) }
        }
    }

    /// Each board written to, once.
    public var all: [BoardDirectory] { boards.withLock { $0 } }
}

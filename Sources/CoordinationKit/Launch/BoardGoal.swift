import CoordStorage
import FoundationEssentials

/// `.coordination/goal.json`: the team's current goal, as the last `coord launch` set it.
///
///     {"at":"2026-11-20T08:00:00.000Z","by":"main-session","goal":"Implement authentication feature",
///      "observer_brief":".agents/briefs/meta-observer-20261120-090000.md","v":1,
///      "workers":["backend-api","frontend-ui","infrastructure"]}
///
/// Replaced atomically (never edited in place); fields this coord does not
/// know are kept.
public struct BoardGoal: Codable, Sendable, Equatable {
    public static let fileName = "goal.json"
    public static let supportedVersion = 1

    public var goal: String
    /// When it was set (UTC).
    public var at: String
    /// Who set it.
    public var by: String
    /// The domains launched with it.
    public var workers: [String]
    /// The observer's brief, relative to the workspace root.
    public var observerBrief: String?

    public init(goal: String, at: String, by: String, workers: [String], observerBrief: String?) {
        self.goal = goal
        self.at = at
        self.by = by
        self.workers = workers
        self.observerBrief = observerBrief
    }

    enum CodingKeys: String, CodingKey {
        case goal, at, by, workers
        case observerBrief = "observer_brief"
    }

    /// The goal on `workspace`'s board, or nil when none was set.
    public static func current(in workspace: Workspace) throws -> BoardGoal? {
        try load(from: workspace.board)?.value
    }

    static func load(from board: BoardDirectory) throws -> Stored<BoardGoal>? {
        guard let bytes = try board.read(fileName) else { return nil }
        let stored: Stored<BoardGoal>
        do {
            stored = try BoardJSON.decode(Stored<BoardGoal>.self, from: bytes)
        } catch {
            throw CoordError.damaged(path: board.child(fileName), detail: "it is not a goal record")
        }
        if stored.version > supportedVersion {
            throw CoordError.unsupportedFormat(path: board.child(fileName), found: stored.version, supported: supportedVersion)
        }
        return stored
    }

    /// Replaces the goal, keeping unknown fields of the previous one. Inside the board lock.
    static func record(_ goal: BoardGoal, on board: BoardDirectory) throws {
        let previous = try? load(from: board)
        let stored = Stored(value: goal, extra: previous?.extra ?? [:])
        try board.replace(fileName, with: try BoardJSON.document(stored))
    }
}

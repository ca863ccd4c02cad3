import CoordStorage
import FoundationEssentials

/// One line of `.coordination/observer/log.jsonl`: what a pass found.
///
/// A pass writes a line only when it has something to say (new events,
/// problems that opened or cleared), so a quiet board keeps a short log. The
/// full picture of a pass is its `--json` output; the log is the history of
/// what changed and of every intervention (`posted`).
///
///     {"agent":"observer","at":"2026-11-20T10:15:00.000Z","cleared":[],"events":[…],
///      "open":2,"opened":[{"key":"blocker:frontend:…","kind":"blocker",…}],"pass":12,
///      "posted":["blocking: frontend is blocked: waiting for the API schema"],"v":1}
public struct ObserverLogRecord: Codable, Sendable, Equatable, JournalRecord {
    public static let fileName = "log.jsonl"
    public static let reservedFieldNames: Set<String> = ["at", "pass", "agent", "events", "opened", "cleared", "posted", "open"]

    public var at: Date
    public var pass: Int
    /// Who the pass posted as.
    public var agent: String
    /// Events new since the previous pass.
    public var events: [Finding]
    public var opened: [Finding]
    public var cleared: [Finding]
    /// Bulletin lines this pass posted: its interventions.
    public var posted: [String]
    /// Problems open after the pass.
    public var open: Int

    public init(at: Date, pass: Int, agent: String, events: [Finding], opened: [Finding], cleared: [Finding],
                posted: [String], open: Int) {
        self.at = at
        self.pass = pass
        self.agent = agent
        self.events = events
        self.opened = opened
        self.cleared = cleared
        self.posted = posted
        self.open = open
    }

    public var isEmpty: Bool { events.isEmpty && opened.isEmpty && cleared.isEmpty && posted.isEmpty }

    enum CodingKeys: String, CodingKey { case at, pass, agent, events, opened, cleared, posted, open }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        at = try container.decodeInstant(forKey: .at)
        pass = try container.decodeIfPresent(Int.self, forKey: .pass) ?? 0
        agent = try container.decodeIfPresent(String.self, forKey: .agent) ?? ""
        events = try container.decodeIfPresent([Finding].self, forKey: .events) ?? []
        opened = try container.decodeIfPresent([Finding].self, forKey: .opened) ?? []
        cleared = try container.decodeIfPresent([Finding].self, forKey: .cleared) ?? []
        posted = try container.decodeIfPresent([String].self, forKey: .posted) ?? []
        open = try container.decodeIfPresent(Int.self, forKey: .open) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeInstant(at, forKey: .at)
        try container.encode(pass, forKey: .pass)
        try container.encode(agent, forKey: .agent)
        try container.encode(events, forKey: .events)
        try container.encode(opened, forKey: .opened)
        try container.encode(cleared, forKey: .cleared)
        try container.encode(posted, forKey: .posted)
        try container.encode(open, forKey: .open)
    }
}

/// The observer's folder on the board: `.coordination/observer/`.
public struct ObserverFolder: Sendable {
    public static let name = "observer"

    public let directory: BoardDirectory

    /// Opens the folder, creating it when `create` is set; nil when it does not exist.
    public static func open(in board: BoardDirectory, create: Bool) throws -> ObserverFolder? {
        try board.subdirectory(name, create: create).map(ObserverFolder.init)
    }

    var cursors: ObserverCursorStore { ObserverCursorStore(folder: directory) }

    public var log: RecordJournal<ObserverLogRecord> { RecordJournal(directory: directory) }

    /// The previous pass's cursor (an empty one before the first pass).
    public func cursor() throws -> ObserverCursor { try cursors.load().value }

    /// The last `limit` log records, newest last, read from the end of the log.
    public func recentLog(limit: Int) throws -> [ObserverLogRecord] {
        try log.last(limit)
    }
}

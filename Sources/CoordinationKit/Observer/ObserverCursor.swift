import CoordStorage
import FoundationEssentials

/// `.coordination/observer/cursor.json`: where the previous pass stopped
/// reading, and which problems it left open.
///
///     {"bulletin":18342,"journals":{"workers/backend.jsonl":2210},"last_pass":"2026-11-20T10:15:00.000Z",
///      "passes":12,"problems":[{"finding":{…},"opened":"…","posted":true}],"v":1}
///
/// It is the observer's own state, replaced atomically (write + rename) at the
/// end of each pass while the observer lock is held, so two overlapping cron
/// runs never read the same changes twice. Deleting it is safe: the next pass
/// starts afresh, reporting recent history and re-announcing open problems.
public struct ObserverCursor: Codable, Sendable, Equatable {
    public static let fileName = "cursor.json"
    public static let supportedVersion = 1

    /// Passes run so far on this board.
    public var passes: Int = 0
    public var lastPass: Date?
    /// The bulletin byte offset up to which entries have been read; nil before the first pass.
    public var bulletin: Int64?
    /// Byte offsets read up to, per journal (path relative to the board).
    public var journals: [String: Int64] = [:]
    /// Other positions, per source (for example the last lock token seen).
    public var marks: [String: String] = [:]
    /// Problems open after the previous pass.
    public var problems: [TrackedProblem] = []

    public init() {}

    public var isFirstPass: Bool { passes == 0 }

    public var openProblems: [String: TrackedProblem] {
        Dictionary(problems.map { ($0.finding.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    enum CodingKeys: String, CodingKey {
        case passes, bulletin, journals, marks, problems
        case lastPass = "last_pass"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        passes = try container.decodeIfPresent(Int.self, forKey: .passes) ?? 0
        lastPass = try container.decodeInstantIfPresent(forKey: .lastPass)
        bulletin = try container.decodeIfPresent(Int64.self, forKey: .bulletin)
        journals = try container.decodeIfPresent([String: Int64].self, forKey: .journals) ?? [:]
        marks = try container.decodeIfPresent([String: String].self, forKey: .marks) ?? [:]
        problems = try container.decodeIfPresent([TrackedProblem].self, forKey: .problems) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(passes, forKey: .passes)
        try container.encodeInstantIfPresent(lastPass, forKey: .lastPass)
        try container.encodeIfPresent(bulletin, forKey: .bulletin)
        try container.encode(journals, forKey: .journals)
        try container.encode(marks, forKey: .marks)
        try container.encode(problems, forKey: .problems)
    }
}

/// Reading and writing the cursor, keeping fields a newer coord added.
struct ObserverCursorStore {
    let folder: BoardDirectory

    var path: String { folder.child(ObserverCursor.fileName) }

    func load() throws -> Stored<ObserverCursor> {
        guard let bytes = try folder.read(ObserverCursor.fileName) else { return Stored(value: ObserverCursor()) }
        let stored: Stored<ObserverCursor>
        do {
            stored = try BoardJSON.decode(Stored<ObserverCursor>.self, from: bytes)
        } catch {
            throw CoordError.damagedObserverCursor(path: path)
        }
        if stored.version > ObserverCursor.supportedVersion {
            throw CoordError.unsupportedFormat(path: path, found: stored.version, supported: ObserverCursor.supportedVersion)
        }
        return stored
    }

    func save(_ cursor: Stored<ObserverCursor>) throws {
        try folder.replace(ObserverCursor.fileName, with: BoardJSON.document(cursor))
    }
}

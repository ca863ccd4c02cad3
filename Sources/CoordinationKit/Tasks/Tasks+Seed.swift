import CoordStorage
import FoundationEssentials

/// A task list to seed a queue from (`coord launch --tasks FILE`).
///
/// Either plain text, one task title per line (blank lines and lines starting
/// with `#` are skipped), or JSON Lines, one object per line with the fields
/// of `coord task add`: `{"title": "…", "body": "…", "after": ["T-001"],
/// "priority": 1, "due": "2026-11-22", "paths": ["src/db"], "domain": "backend",
/// "tags": ["db"]}`. A file whose first task line starts with `{` is JSON Lines.
public struct TaskSeed: Sendable {
    public var drafts: [TaskDraft]
    /// `due` as written, resolved against the board's clock and zone when seeded.
    var dues: [String?]

    struct Line: Decodable {
        var title: String
        var body: String?
        var after: [String]?
        var priority: Int?
        var due: String?
        var paths: [String]?
        var domain: String?
        var tags: [String]?
    }

    /// Reads and parses the task list at `path` (relative to `currentDirectory`).
    public static func read(_ path: String, currentDirectory: String) throws -> TaskSeed {
        let absolute = path.hasPrefix("/") ? path : Workspace.join(currentDirectory, path)
        let fd = SystemCall.openReadOnly(absolute)
        guard fd >= 0 else {
            if SystemCall.lastError == SystemCall.noSuchFile {
                throw CoordError.invalidInput("The task list '\(path)' does not exist; pass a file with one task per line.")
            }
            throw CoordError.io("open", path: path, errno: SystemCall.lastError)
        }
        let file = BoardFile(path: path, descriptor: fd)
        guard let status = SystemCall.status(of: fd), status.isRegular, status.size <= 16 * 1024 * 1024 else {
            throw CoordError.invalidInput("'\(path)' is not a regular file of at most 16 MiB; pass a file with one task per line.")
        }
        return try parse(try file.readAll(), path: path)
    }

    public static func parse(_ bytes: [UInt8], path: String) throws -> TaskSeed {
        var seed = TaskSeed(drafts: [], dues: [])
        var json: Bool? = nil
        for line in LineScanner.lines(of: bytes + (bytes.last == LineScanner.newline ? [] : [LineScanner.newline])) {
            let text = String(line.text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            if text.isEmpty || (json != true && text.hasPrefix("#")) { continue }
            if json == nil { json = text.hasPrefix("{") }
            if json == true {
                guard let item = try? BoardJSON.decode(Line.self, from: Array(text.utf8)) else {
                    throw CoordError.invalidInput(
                        "Line \(line.number ?? 0) of '\(path)' is not a task object; write one JSON object per line with at least a \"title\", such as {\"title\": \"write the parser\", \"after\": [\"T-001\"]}.")
                }
                seed.drafts.append(TaskDraft(title: item.title, body: item.body, after: item.after ?? [], priority: item.priority ?? 2,
                                             paths: item.paths ?? [], domain: item.domain, tags: item.tags ?? []))
                seed.dues.append(item.due)
            } else {
                seed.drafts.append(TaskDraft(title: text))
                seed.dues.append(nil)
            }
        }
        guard !seed.drafts.isEmpty else {
            throw CoordError.invalidInput("'\(path)' lists no tasks; write one task title per line, or one JSON object per line.")
        }
        return seed
    }
}

extension Tasks {
    /// Adds every task of `seed` in one step under the board lock: all of them
    /// or, when any is invalid (a bad field, an unknown dependency, a cycle),
    /// none. `after` may name tasks added earlier in the same seed. Posts one
    /// bulletin line for the lot.
    @discardableResult
    public func seed(_ seed: TaskSeed, as agent: AgentName, announce: Bool = true) throws -> [WorkTask] {
        let drafts = try resolved(seed)
        let added: [WorkTask] = try change(.full) { queue, _, now in
            let (tasks, events) = try Self.plan(drafts, in: queue, as: agent, at: now)
            return (tasks, events, [])
        }
        if announce, let first = added.first, let last = added.last {
            try post("seeded \(added.count) task\(added.count == 1 ? "" : "s"): \(first.id)"
                     + (added.count > 1 ? " to \(last.id)" : "") + " (coord tasks)", as: agent)
        }
        return added
    }

    /// Refuses `seed` as `seed(_:as:)` would on the queue as it is now, writing
    /// nothing: `coord launch --tasks` checks the list before it writes a brief.
    public func check(_ seed: TaskSeed, as agent: AgentName) throws {
        _ = try Self.plan(try resolved(seed), in: try queue(), as: agent, at: workspace.clock.now())
    }

    private func resolved(_ seed: TaskSeed) throws -> [TaskDraft] {
        var drafts = try seed.drafts.map(validated)
        for (index, due) in seed.dues.enumerated() {
            if let due { drafts[index].due = try dueDate(from: due) }
        }
        return drafts
    }

    /// The tasks and `add` records of `drafts` appended to `queue`, in order.
    private static func plan(_ drafts: [TaskDraft], in queue: TaskQueue, as agent: AgentName,
                             at now: Date) throws -> ([WorkTask], [TaskEvent]) {
        var working = queue
        var events: [TaskEvent] = []
        var tasks: [WorkTask] = []
        for (index, draft) in drafts.enumerated() {
            let event = try addition(draft, id: working.nextID, in: working, as: agent, at: now)
            var local = event
            local.id = "seed-\(index)"
            working.apply(local)
            events.append(event)
            tasks.append(TaskQueue.newTask(event)!)
        }
        return (tasks, events)
    }
}

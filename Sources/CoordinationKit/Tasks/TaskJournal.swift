import CoordStorage
import FoundationEssentials

/// `.coordination/tasks.jsonl`: every change to the task queue, appended under
/// the board lock in one write per command. Nothing rewrites it.
///
/// Unlike the bulletin, a task journal with a line nobody can read is refused
/// (exit 1): a lost `claim` or `done` would hand one task to two agents, and a
/// script must never mistake a damaged queue for an empty one. Only a torn
/// tail (a record cut short by a crash: it starts with `{` but does not end
/// with `}`, or holds NUL bytes) is skipped, since its writer never finished.
public struct TaskJournal: Sendable {
    public static let fileName = "tasks.jsonl"

    public let board: BoardDirectory

    public init(board: BoardDirectory) { self.board = board }

    /// What the journal held when read.
    public struct Snapshot: Sendable {
        public var events: [TaskEvent]
        public var size: Int64
        /// Torn lines skipped.
        public var torn: Int
    }

    struct NewerFormat: Error { var version: Int }

    public func read() throws -> Snapshot {
        guard let bytes = try board.read(Self.fileName) else { return Snapshot(events: [], size: 0, torn: 0) }
        return try Self.parse(bytes, path: board.child(Self.fileName))
    }

    static func parse(_ bytes: [UInt8], path: String) throws -> Snapshot {
        let decoder = JSONDecoder()
        var events: [TaskEvent] = []
        var torn = 0
        for line in LineScanner.lines(of: bytes) {
            let content = line.bytes.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
            if content.isEmpty { continue }
            do {
                events.append(try decoder.decode(TaskEvent.self, from: Data(line.bytes)))
            } catch let newer as NewerFormat {
                throw CoordError.unsupportedFormat(path: path, found: newer.version, supported: TaskEvent.formatVersion)
            } catch {
                if content.first == UInt8(ascii: "{") && content.last != UInt8(ascii: "}") || content.contains(0) {
                    torn += 1
                    continue
                }
                throw CoordError.damagedTaskJournal(path: path, line: line.number ?? 0)
            }
        }
        return Snapshot(events: events, size: Int64(bytes.count), torn: torn)
    }

    /// Appends `events` in one write, each given its id. Inside the board lock only.
    func append(_ events: [TaskEvent], at position: Int64) throws {
        guard !events.isEmpty else { return }
        var bytes: [UInt8] = []
        for (index, event) in events.enumerated() {
            var identified = event
            identified.id = try TaskEvent.derivedID(event, position: position, index: index)
            bytes += try BoardJSON.line(identified)
            bytes.append(UInt8(ascii: "\n"))
        }
        _ = try board.openOrCreate(Self.fileName, mode: .append).append(bytes)
    }
}

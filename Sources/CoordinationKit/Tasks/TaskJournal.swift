import CoordStorage

/// `.coordination/tasks.jsonl`: every change to the task queue, appended under
/// the board lock in one write per command. Nothing rewrites it. Its records
/// refuse a damaged line (`TaskEvent.damagePolicy`).
public typealias TaskJournal = RecordJournal<TaskEvent>

extension RecordJournal where Record == TaskEvent {
    public init(board: BoardDirectory) { self.init(directory: board) }

    /// Appends `events` in one write, each given its id from where it lands. Inside the board lock only.
    /// Returns them with their ids.
    @discardableResult
    func append(_ events: [TaskEvent], at position: Int64) throws -> [TaskEvent] {
        var identified = events
        for index in identified.indices {
            identified[index].id = try TaskEvent.derivedID(events[index], position: position, index: index)
        }
        try append(identified)
        return identified
    }
}

extension JournalContents where Record == TaskEvent {
    /// The task records, oldest first.
    public var events: [TaskEvent] { records.map(\.value) }
}

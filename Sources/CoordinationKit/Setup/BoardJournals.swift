import CoordStorage

/// Every journal a board holds, by record type. A new record kind adds its
/// line here, and `coord doctor` checks its files under the record's own rules
/// (format version, damage policy). Files no entry claims are checked as
/// plain JSON objects.
public enum BoardJournals {
    public static let all: [JournalKind] = [
        .of(LockEvent.self),
        .of(LockEvent.self, in: LockArchive.folder, name: "locks-*.jsonl"),
        .of(TaskEvent.self),
        .of(DecisionEvent.self),
        .of(WorkerRecord.self, in: Workers.folderName),
        .of(ObserverLogRecord.self, in: ObserverFolder.name),
        .of(ImportedLock.self, in: ImportedLocks.folderName),
        .of(MessageRecord.self, in: MessageFiles.folderName),
        .of(MessageIDRecord.self),
    ]

    /// The entry for `file` in `folder` (nil: the board itself), or the plain-JSON check.
    public static func kind(folder: String?, file: String) -> JournalKind {
        all.first { $0.matches(folder: folder, file: file) }
            ?? .of(AnyJournalRecord.self, in: folder, name: file)
    }
}

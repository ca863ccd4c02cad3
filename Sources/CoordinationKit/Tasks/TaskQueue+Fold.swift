import CoordStorage

/// The task queue folds `tasks.jsonl` like every other kind: `TaskJournal.read`
/// and then `JournalContents.fold(into:)`, or `apply` record by record. The
/// `until` bound of `TaskQueue(_:grace:until:)` is a choice of which records to
/// apply, made by whoever applies them.
extension TaskQueue: JournalFold {
    /// Applies one record; a repeated `id` changes nothing.
    public mutating func apply(_ record: Stored<TaskEvent>) { apply(record.value) }
}

/// Current state as a fold over a journal's records, oldest first.
///
/// A fold is total and deterministic: a record it cannot apply (a kind it does
/// not know, a repeated id, a change to something that is gone) changes
/// nothing, so a journal merged by git or written by a newer coord still folds.
/// A fold that can be checkpointed (its state saved with the journal offset it
/// reached) resumes with `RecordJournal.read(from:)` and the lines after it.
public protocol JournalFold {
    associatedtype Record: JournalRecord
    mutating func apply(_ record: Stored<Record>)
}

extension JournalFold {
    /// Applies `records` in order.
    public mutating func apply(_ records: some Sequence<Stored<Record>>) {
        for record in records { apply(record) }
    }
}

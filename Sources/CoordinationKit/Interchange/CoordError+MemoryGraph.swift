import CoordStorage

extension CoordError.Kind {
    /// A memory-graph entity that does not exist.
    public static let entityNotFound = Self(rawValue: "entity-not-found")
    /// A change the board's journals cannot make (deleting from a worker journal).
    public static let journalIsAppendOnly = Self(rawValue: "journal-append-only")
}

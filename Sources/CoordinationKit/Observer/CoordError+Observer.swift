import CoordStorage

extension CoordError {
    /// The observer's cursor file cannot be read.
    static func damagedObserverCursor(path: String) -> CoordError {
        CoordError(
            .damaged,
            "The observer cursor '\(path)' is not a valid cursor file; delete it and the next 'coord observe' starts afresh."
        )
    }
}

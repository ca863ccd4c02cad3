/// Where a board's exclusive records are decided: the records that must have
/// exactly one winner (lock grants, renewals, releases and breaks, task
/// claims, task and decision ids, fencing tokens).
///
/// A writer of such records reads, decides and appends inside the board lock
/// (`BoardDirectory.withExclusiveLock`) and hands that whole step to the
/// authority as `body`. The local authority runs it once: the board lock is
/// the only arbiter. Another authority (a git remote, a database) may run
/// `body` several times, each time after bringing the local journals up to
/// date, and counts its appends only once it has committed them elsewhere;
/// when it cannot, it takes them back and throws.
public protocol ExclusiveAuthority: Sendable {
    /// Runs `body` (the caller holds the board lock) and returns what its committed run returned.
    func commit<T>(_ body: () throws -> T) throws -> T
}

/// One machine's board: the board lock alone decides.
public struct LocalAuthority: ExclusiveAuthority {
    public init() {}
    public func commit<T>(_ body: () throws -> T) throws -> T { try body() }
}

import CoordStorage

extension TaskClaim {
    /// True when the claim is bound to a process on this host that has ended:
    /// the task is free (`state(at:grace:)` reads it as lapsed).
    public var holderProcessEnded: Bool { process?.hasEnded ?? false }
}

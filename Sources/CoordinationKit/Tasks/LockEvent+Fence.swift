import CoordStorage

extension LockEvent.Kind {
    /// A token taken from the lock sequence by something other than a lock: a
    /// task claim without `--lock` (`holder` claimed `intent`, the task id).
    /// It carries no path, so the lock fold only raises its high-water mark.
    public static let fence = LockEvent.Kind(rawValue: "fence")
}

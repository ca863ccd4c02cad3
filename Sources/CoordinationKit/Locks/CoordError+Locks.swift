import CoordStorage
import FoundationEssentials

extension CoordError.Kind {
    public static let notLockHolder = Self(rawValue: "not-lock-holder")
    public static let notLocked = Self(rawValue: "not-locked")
    public static let interrupted = Self(rawValue: "interrupted")
}

extension CoordError {
    /// The caller asked to unlock or renew a lock that another agent holds (exit status 4).
    static func notLockHolder(_ grant: LockGrant, action: String, caller: String) -> CoordError {
        let advice = action == "unlock"
            ? "ask \(grant.holder) to unlock it, or break it with --force --reason TEXT"
            : "only the holder can renew a lock"
        return CoordError(.notLockHolder,
                          "\(grant.path) is locked by \(grant.holder), not \(caller), so you cannot \(action) it; \(advice).",
                          exitStatus: ExitStatus.refused)
    }

    /// The path is not locked itself but lies under a lock on a folder above it (exit status 4).
    static func lockedUnderParent(_ path: LockPath, grant: LockGrant, action: String, caller: String) -> CoordError {
        let advice = grant.holder == caller
            ? "\(action) \(grant.path) instead"
            : "only \(grant.holder) can \(action) \(grant.path)"
        let owner = grant.holder == caller ? "your" : "\(grant.holder)'s"
        return CoordError(.notLockHolder, "\(path) is not locked itself but lies under \(owner) lock on \(grant.path); \(advice).",
                          exitStatus: ExitStatus.refused)
    }

    /// Nobody holds the path (exit status 5). `lapsed` is the caller's own grant that ran out, if any.
    static func notLocked(_ path: LockPath, lapsed: LockGrant?, action: String, zone: BoardTimeZone) -> CoordError {
        if let lapsed {
            return CoordError(
                .notLocked,
                "Your lock on \(path) expired at \(LockText.clock(lapsed.expires, zone: zone)) and is free now, so there is nothing to \(action); run 'coord lock \(path)' to take it again.",
                exitStatus: ExitStatus.notFound)
        }
        return CoordError(.notLocked, "\(path) is not locked, so there is nothing to \(action); see 'coord locks' for what is held.",
                          exitStatus: ExitStatus.notFound)
    }

    static func waitInterrupted(signal: Int32, paths: [LockPath]) -> CoordError {
        CoordError(.interrupted,
                   "Stopped waiting for \(paths.map(\.description).joined(separator: ", ")) on signal \(signal); nothing was locked.",
                   exitStatus: 128 + signal)
    }

    static func invalidIntent(_ problem: String, flag: String) -> CoordError {
        CoordError.invalidInput("The \(flag) \(problem); say in a few words what you are doing, for example \(flag) \"token refresh\".")
    }
}

import CoordStorage
import FoundationEssentials

/// Locks brought in by `coord import` from a seed-format `LOCKS.json`.
extension Locks {
    /// What granting imported locks did.
    struct ImportedGrants {
        var granted: [LockPath] = []
        /// Imported locks that overlap another holder's live lock: not granted,
        /// because a path is never held twice.
        var refused: [LockConflict] = []
    }

    /// Grants `locks` in the lock journal, each with its own `since` and
    /// `expires` and a fresh fencing token, inside the board lock the caller
    /// already holds. A lock that would overlap another holder's live lock is
    /// refused instead; one that has already expired goes into the history and
    /// blocks nobody.
    func grantImported(_ locks: [ImportedLock]) throws -> ImportedGrants {
        try withJournalLocked { table, now in
            var result = ImportedGrants()
            var records: [LockEvent] = []
            var token = table.highWater
            var accepted: [(path: LockPath, holder: String, expires: Date)] = []
            for lock in locks {
                guard let since = lock.sinceDate, let expires = lock.expiresDate else { continue }
                let path = try LockPath(lock.path)
                let live = expires > now
                if live {
                    if let conflict = table.conflicts(with: path, for: lock.holder, at: now).first {
                        result.refused.append(conflict)
                        continue
                    }
                    // Two imported locks on overlapping paths by different holders: the first wins.
                    if accepted.contains(where: { $0.holder != lock.holder && $0.path.overlaps(path) && $0.expires > now }) {
                        continue
                    }
                }
                token += 1
                records.append(LockEvent(event: .acquire, at: since, token: token, path: path, holder: lock.holder,
                                         expires: expires, ttl: Int64(expires.timeIntervalSince(since)), intent: lock.intent))
                accepted.append((path, lock.holder, expires))
                result.granted.append(path)
            }
            return (result, records)
        }
    }
}

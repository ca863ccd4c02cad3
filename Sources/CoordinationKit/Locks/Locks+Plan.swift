import CoordStorage
import FoundationEssentials

extension Locks {
    /// What granting `paths` to `holder` at `now` would write: the grants (all
    /// of them, or the conflicts and no records). New grants carry `token`;
    /// `acquire` passes the next lock token, a task claim with `--lock` its own
    /// token from the same sequence. Runs inside the board lock.
    /// A grant in the way whose bound process ended on this host blocks
    /// nothing; it is taken over: ended with a `break` by `holder` ("holder
    /// process ended") before the new grant, in the same write.
    /// New grants are bound to `process` when one is given.
    static func plan(_ paths: [LockPath], holder: String, intent: String, ttl: Int64, table: LockTable, now: Date,
                     token: Int64, process: HolderProcess? = nil) -> (Outcome, [LockEvent]) {
        let conflicts = paths.flatMap { table.conflicts(with: $0, for: holder, at: now) }
        if !conflicts.isEmpty { return (.conflict(conflicts), []) }
        let expires = now.addingTimeInterval(Double(ttl))
        var records: [LockEvent] = []
        // Close lapsed grants in the way, so the history says how they ended.
        // Overlap first: only grants in the way are looked at (and a bound one's process looked up).
        let inTheWay = table.grants.values.filter { grant in paths.contains(where: grant.path.overlaps) }
        for lapsed in inTheWay.filter({ $0.state(at: now, grace: table.grace) == .lapsed }).sorted(by: { $0.path < $1.path }) {
            if lapsed.process != nil, now < lapsed.freeAt(grace: table.grace) {
                records.append(takeover(of: lapsed, by: holder, at: now))
                continue
            }
            records.append(LockEvent(event: .expire, at: now, token: lapsed.token, path: lapsed.path,
                                     holder: lapsed.holder, expires: lapsed.expires))
        }
        var grants: [LockGrant] = []
        var renewed: Set<LockPath> = []
        for path in paths {
            if var grant = table.held(path, by: holder, at: now) {
                records.append(LockEvent(event: .renew, at: now, token: grant.token, path: path, holder: holder,
                                         expires: expires, ttl: ttl, intent: intent))
                grant.expires = expires
                grant.ttl = ttl
                grant.intent = intent
                grant.renewed = now
                grants.append(grant)
                renewed.insert(path)
            } else {
                var event = LockEvent(event: .acquire, at: now, token: token, path: path, holder: holder,
                                      expires: expires, ttl: ttl, intent: intent)
                event.process = process
                records.append(event)
                var grant = LockGrant(path: path, holder: holder, token: token, since: now, expires: expires,
                                      ttl: ttl, intent: intent, renewed: nil, acquireID: event.id, renewID: nil)
                grant.process = process
                grants.append(grant)
            }
        }
        return (.granted(Grants(grants: grants, renewed: renewed)), records)
    }
}

import CoordStorage
import FoundationEssentials

/// The advisory locks of a board: acquire, renew, release, force-break.
///
/// Every decision is made inside the board lock (`flock` on `.coordination/.lock`)
/// from a fresh read of `locks.jsonl`, and its records are appended in one
/// write before the lock is let go, so of any number of racing callers
/// exactly one is granted an overlapping path. State is never cached: it is
/// the fold of the journal, evaluated at the workspace clock's "now".
public struct Locks: Sendable {
    public let workspace: Workspace
    public let settings: LockSettings
    public init(_ workspace: Workspace, settings: LockSettings = .standard) {
        self.workspace = workspace
        self.settings = settings
    }

    var journal: RecordJournal<LockEvent> { RecordJournal(directory: workspace.board) }

    /// What `acquire` asks for.
    public struct Request: Sendable {
        public var paths: [LockPath]
        public var holder: AgentName
        public var intent: String
        /// Seconds; nil for the default.
        public var ttl: Int64?
        /// `--key`: a repeat of a keyed request returns the grants it made (see `IdempotencyKey`).
        public var key: IdempotencyKey?
        /// `--pid`: the process the new grants are bound to (see `HolderProcess`).
        public var process: HolderProcess?

        public init(paths: [LockPath], holder: AgentName, intent: String, ttl: Int64? = nil, key: IdempotencyKey? = nil,
                    process: HolderProcess? = nil) {
            self.process = process
            self.paths = paths
            self.holder = holder
            self.intent = intent
            self.ttl = ttl
            self.key = key
        }
    }

    /// What `acquire` did: every path granted (new or renewed), or the conflicts and nothing written.
    public enum Outcome: Sendable, Equatable {
        case granted(Grants)
        case conflict([LockConflict])
    }

    public struct Grants: Sendable, Equatable {
        /// Every requested path, now held by the caller.
        public var grants: [LockGrant]
        /// The paths the caller already held (their expiry moved, the token kept).
        public var renewed: Set<LockPath>
        public var newlyGranted: [LockGrant] { grants.filter { !renewed.contains($0.path) } }
    }

    // MARK: Acquire

    /// Grants every path in `request` or none. A path the caller already holds
    /// is renewed (same token); new grants share one token, larger than any before.
    ///
    /// A refusal is recorded (one `refuse` record per lock in the way, in the
    /// same single write) unless `recordRefusal` is false, as for the retries of a wait.
    public func acquire(_ request: Request, announce: Bool = true, recordRefusal: Bool = true) throws -> Outcome {
        let paths = Self.unique(request.paths)
        let ttl = try settings.validTTL(request.ttl)
        let intent = try Self.validIntent(request.intent)
        let holder = request.holder.rawValue
        var repeated = false
        // The announcement is appended in the same critical section, after the
        // grant is committed: one board lock per command, not two.
        return try workspace.board.withExclusiveLock {
            let outcome: Outcome = try withJournalLocked { table, now in
                if let earlier = try keyedGrants(request.key, holder: holder, now: now) {
                    repeated = true
                    return (.granted(earlier), [])
                }
                var (outcome, records) = Self.plan(paths, holder: holder, intent: intent, ttl: ttl, table: table, now: now,
                                                   token: table.highWater + 1, process: request.process)
                if case .conflict(let conflicts) = outcome {
                    // Under a remote a refusal is not recorded: it would cost every loser a push.
                    return (outcome, recordRefusal && !ExclusiveRecords.remote ? Self.refusals(conflicts, by: holder, at: now) : [])
                }
                for index in records.indices where records[index].holder == holder && records[index].event != .expire {
                    records[index].key = request.key?.rawValue
                }
                return (outcome, records)
            }
            if repeated, let key = request.key, case .granted(let earlier) = outcome {
                IdempotencyKey.noteRepeat(key, "token \(earlier.grants.first?.token ?? 0)")
                return outcome
            }
            if announce, case .granted(let granted) = outcome, let first = granted.newlyGranted.first {
                post("locked \(LockText.list(granted.newlyGranted.map(\.path))) (until "
                     + "\(LockText.clock(first.expires, zone: workspace.timeZone, now: first.since))): \(intent)",
                     as: request.holder)
            }
            return outcome
        }
    }

    /// One `refuse` record per grant in the way (several requested paths under one grant make one record).
    static func refusals(_ conflicts: [LockConflict], by requester: String, at now: Date) -> [LockEvent] {
        var seen: Set<Int64> = []
        return conflicts.compactMap { conflict in
            guard seen.insert(conflict.held.token).inserted else { return nil }
            return LockEvent(event: .refuse, at: now, token: conflict.held.token, path: conflict.held.path,
                             holder: conflict.held.holder, by: requester)
        }
    }

    // MARK: Renew

    /// Moves the expiry of the caller's locks on `paths` (all of them when
    /// empty) to now + `ttl` (default: each grant's own TTL). All or nothing.
    /// With `tokens`, each path must still carry the token given for it (what `coord run` uses).
    public func renew(_ paths: [LockPath], by agent: AgentName, ttl: Int64? = nil,
                      tokens: [LockPath: Int64]? = nil, key: IdempotencyKey? = nil) throws -> [LockGrant] {
        let holder = agent.rawValue
        let ttl = try ttl.map { try settings.validTTL($0) }
        return try keyedJournal(key, by: agent, kinds: [.renew], replay: rerenewed) { table, now in
            let targets = try paths.isEmpty
                ? table.blocking(at: now).filter { $0.holder == holder }
                : Self.unique(paths).map { try ownGrant($0, holder: holder, table: table, now: now, action: "renew") }
            if let tokens, let other = targets.first(where: { tokens[$0.path] != $0.token }) {
                throw CoordError.notLocked(other.path, lapsed: nil, action: "renew under token \(tokens[other.path] ?? 0)",
                                           zone: workspace.timeZone)
            }
            var records: [LockEvent] = []
            var renewed: [LockGrant] = []
            for var grant in targets {
                let seconds = ttl ?? grant.ttl
                grant.expires = now.addingTimeInterval(Double(seconds))
                grant.ttl = seconds
                grant.renewed = now
                // The intent is repeated, so that the latest renewal alone says everything a
                // compaction keeps: an intent a re-lock changed is not lost with the record that set it.
                records.append(LockEvent(event: .renew, at: now, token: grant.token, path: grant.path, holder: holder,
                                         expires: grant.expires, ttl: seconds, intent: grant.intent))
                renewed.append(grant)
            }
            return (renewed, records)
        }.value
    }

    // MARK: Release and break

    /// What `release` did.
    public struct Release: Sendable, Equatable {
        public var released: [LockGrant]
        /// Grants of other holders ended with `--force`.
        public var broken: [LockGrant]
    }

    /// Releases the caller's locks on `paths` (all of them when `paths` is
    /// empty). With `force`, a lock held by someone else is broken instead and
    /// the break is recorded with the displaced holder and `reason`. All or nothing.
    /// With `tokens`, only grants still carrying the token given for their path
    /// are released, and the others are skipped silently (`coord run` at the end).
    public func release(_ paths: [LockPath], by agent: AgentName, force: Bool = false, reason: String? = nil,
                        tokens: [LockPath: Int64]? = nil, note: String? = nil, announce: Bool = true,
                        key: IdempotencyKey? = nil) throws -> Release {
        let holder = agent.rawValue
        let reason = try force ? Self.validReason(reason) : nil
        // The announcement is appended in the same critical section, after the release is committed.
        return try workspace.board.withExclusiveLock {
            let decide = { (table: LockTable, now: Date) throws -> (Release, [LockEvent]) in
                var released: [LockGrant] = []
                var broken: [LockGrant] = []
                if paths.isEmpty {
                    released = table.blocking(at: now).filter { $0.holder == holder }
                } else if let tokens {
                    released = Self.unique(paths).compactMap { table.held($0, by: holder, at: now) }
                        .filter { tokens[$0.path] == $0.token }
                } else {
                    for path in Self.unique(paths) {
                        if let grant = table.grant(on: path), grant.holder != holder, force,
                           grant.state(at: now, grace: table.grace) != .lapsed {
                            broken.append(grant)
                        } else {
                            released.append(try ownGrant(path, holder: holder, table: table, now: now, action: "unlock"))
                        }
                    }
                }
                let records = released.map {
                    LockEvent(event: .release, at: now, token: $0.token, path: $0.path, holder: holder)
                } + broken.map {
                    LockEvent(event: .break, at: now, token: $0.token, path: $0.path, holder: $0.holder, by: holder,
                              reason: reason)
                }
                return (Release(released: released, broken: broken), records)
            }
            // Without a key, no set of record kinds is built: its first use in a
            // process costs a runtime conformance lookup (`LockEvent.Kind: Hashable`).
            let (result, repeated) = try key == nil
                ? (withJournalLocked(decide), false)
                : keyedJournalLocked(key, by: agent, kinds: [.release, .break],
                                     replay: { events, _ in try rereleased(events) }, decide)
            guard announce && !repeated else { return result }
            let now = workspace.clock.now()
            var lines: [String] = []
            if let first = result.released.first {
                let held = DurationText.format(seconds: Int64(max(0, now.timeIntervalSince(first.since))))
                let paths = LockText.list(result.released.map(\.path))
                lines.append("unlocked \(paths) (held \(held)\(note.map { "; " + $0 } ?? ""))")
            }
            for grant in result.broken {
                lines.append("broke \(grant.holder)'s lock on \(grant.path) (token \(grant.token)): \(reason ?? "")")
            }
            if !lines.isEmpty { post(lines, as: agent) }
            return result
        }
    }

    // MARK: Shared

    /// Runs `decide` on the current table inside the board lock and appends
    /// the records it returns in one write, compacting first when the journal is long.
    func withJournal<T>(_ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> T {
        try workspace.board.withExclusiveLock { try withJournalLocked(decide) }
    }

    /// `withJournal` for a caller that already holds the board lock (`coord import`).
    /// `compactingAbove` raises the history a caller lets pass before compacting (task claims).
    /// Under a remote, the step is committed there (`ExclusiveRecords`) and the journal is never compacted.
    func withJournalLocked<T>(compactingAbove limit: Int64? = nil,
                              _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> T {
        try ExclusiveRecords.commit(workspace) {
            try decideAndAppend(compactingAbove: ExclusiveRecords.remote ? .max : limit, decide)
        }
    }

    private func decideAndAppend<T>(compactingAbove limit: Int64?,
                                    _ decide: (LockTable, Date) throws -> (T, [LockEvent])) throws -> T {
        let now = workspace.clock.now()
        workspace.rememberConfiguration()
        // Tokens never go backwards, even when locks.jsonl was replaced by an older copy.
        let floor = LockTokenFloor(board: workspace.board)
        let highest = floor.read()
        if let result = try withCachedJournal(now: now, floor: floor, highest: highest, compactingAbove: limit, decide) {
            return result
        }
        var snapshot = try journal.read(options: .lines)
        // Records written after "now" (a clock pinned in the past) are not applied.
        var table = LockTable(snapshot.records.lazy.map(\.value), grace: settings.grace, asOf: now)
        table.raiseHighWater(to: highest)
        // Compact once enough of the journal is history: never for the live grants alone.
        // Refusals count only beyond the threshold's worth, so contention alone does not
        // compact away the lapsed grants the observer reports, yet cannot grow the journal unbounded.
        let refusals = Set(snapshot.records.lazy.filter { $0.value.event == .refuse }.map(\.value.id))
        let history = snapshot.size - Int64(snapshot.bytes(of: table.recordIDsToKeep(at: now)))
            - min(Int64(snapshot.bytes(of: refusals)), settings.compactionBytes)
        // Never compact a journal that holds records after "now": they are not in the table.
        if history > (limit ?? settings.compactionBytes) && table.later == 0 {
            snapshot = try journal.compact(snapshot, table: table, now: now)
            table = LockTable(snapshot.records.lazy.map(\.value), grace: settings.grace, asOf: now)
            table.raiseHighWater(to: highest)
        }
        var (result, records) = try decide(table, now)
        for index in records.indices {
            records[index].id = try LockEvent.derivedID(records[index], position: snapshot.size, index: index)
        }
        if let handedOut = records.filter({ $0.event == .acquire }).map(\.token).max(), handedOut > highest {
            try floor.raise(to: handedOut)
        }
        let lines = try Self.journalLines(records)
        try appendToJournal(lines)
        var state = LockStateCache.folding(snapshot, grace: settings.grace)
        Self.saveState(&state, journal: snapshot.bytes, appending: records, lines: lines, to: workspace.board)
        return result
    }

    /// The caller's grant of exactly `path`, or the refusal that explains why not.
    private func ownGrant(_ path: LockPath, holder: String, table: LockTable, now: Date, action: String) throws -> LockGrant {
        if let grant = table.held(path, by: holder, at: now) { return grant }
        if let grant = table.grant(on: path), grant.state(at: now, grace: table.grace) != .lapsed {
            throw CoordError.notLockHolder(grant, action: action, caller: holder)
        }
        if let cover = table.blocking(at: now).first(where: { $0.path.contains(path) }) {
            throw CoordError.lockedUnderParent(path, grant: cover, action: action, caller: holder)
        }
        let lapsed = table.grant(on: path).flatMap { $0.holder == holder ? $0 : nil }
        throw CoordError.notLocked(path, lapsed: lapsed, action: action, zone: workspace.timeZone)
    }

    /// Appends the announcement inside the board lock the caller holds, after
    /// the records it announces were committed; a failure is a warning
    /// (`CommandWarnings`). Lines are cut to fit the bulletin's limit: a long
    /// list of paths must not turn a granted lock into an error.
    private func post(_ lines: [String], as agent: AgentName) {
        Bulletin(workspace).announce(lines.map { LockText.shortened($0, toBytes: 1000) }, as: agent, lockHeld: true)
    }

    private func post(_ line: String, as agent: AgentName) { post([line], as: agent) }

    static func unique(_ paths: [LockPath]) -> [LockPath] {
        // A command names a path or a few: compared pairwise, no set is built
        // (the first use of a set type in a process costs a runtime conformance
        // lookup, see `LockOverlapIndex`); by key for long lists.
        if paths.count <= 16 {
            var kept: [LockPath] = []
            for path in paths where !kept.contains(path) { kept.append(path) }
            return kept
        }
        var seen: Set<String> = []
        return paths.filter { seen.insert($0.key).inserted }
    }

    static func validIntent(_ text: String) throws -> String {
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { throw CoordError.invalidIntent("is empty", flag: "--intent") }
        if text.utf8.count > 1000 { throw CoordError.invalidIntent("is longer than 1000 bytes", flag: "--intent") }
        return text
    }

    static func validReason(_ text: String?) throws -> String {
        guard let text, !text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw CoordError.invalidInput("Breaking another agent's lock needs a reason; add --reason \"alice is offline since noon\".")
        }
        if text.utf8.count > 1000 { throw CoordError.invalidIntent("is longer than 1000 bytes", flag: "--reason") }
        return text
    }
}

import CoordStorage
import FoundationEssentials

extension Tasks {
    /// What `claim` asks for.
    public struct ClaimRequest: Sendable {
        /// The task to claim, or nil for the best ready task.
        public var task: String?
        /// With `task == nil`: only tasks of this domain.
        public var domain: String?
        /// Seconds; nil for the lock default.
        public var ttl: Int64?
        /// Also lock the task's paths under the claim's token (all or nothing).
        public var lock: Bool
        /// `--key`: a repeat returns the task and token the first call claimed (see `IdempotencyKey`).
        public var key: IdempotencyKey?
        /// `--pid`: the process the claim (and its locks) are bound to (see `HolderProcess`).
        public var process: HolderProcess?

        public init(task: String? = nil, domain: String? = nil, ttl: Int64? = nil, lock: Bool = false, key: IdempotencyKey? = nil,
                    process: HolderProcess? = nil) {
            self.process = process
            self.task = task
            self.domain = domain
            self.ttl = ttl
            self.lock = lock
            self.key = key
        }
    }

    /// A task now held by the caller.
    public struct Claimed: Sendable, Equatable {
        public var task: WorkTask
        public var claim: TaskClaim
        /// The locks taken with `--lock` (same token as the claim).
        public var locks: [LockGrant]
    }

    /// Claims one task for `agent`. Of any number of racing claimers exactly one
    /// wins; the others get `taskHeld` (exit 3). `--next` with nothing ready
    /// throws `nothingReady` (exit 6). With `lock`, a path held by someone else
    /// refuses the whole claim (exit 3) and nothing is written.
    public func claim(_ request: ClaimRequest, as agent: AgentName, announce: Bool = true) throws -> Claimed {
        let ttl = try settings.validTTL(request.ttl)
        let wanted = try request.task.map(TaskID.parse)
        let domain = try request.domain.map(Self.validDomain)
        let holder = agent.rawValue
        let outcome = try keyedChange(wanted.map(TaskQueueLoader.Scope.task) ?? .ready(domain: domain, first: true), key: request.key,
                                      by: agent, kinds: [.claim, .renew], replay: reclaimed) { queue, table, now in
            let task: WorkTask
            if let wanted {
                task = try Self.require(wanted, in: queue)
                if let current = queue.liveClaim(of: task, at: now), current.holder != holder {
                    throw CoordError.taskHeld(task, claim: current)
                }
                let status = queue.status(of: task, at: now)
                if status == .waiting {
                    let pending = task.after.filter { queue.stage(of: $0) != .done }
                    throw CoordError(.taskState,
                                     "\(task.id) waits on \(pending.joined(separator: ", ")), which \(pending.count == 1 ? "is" : "are") not done; claim a ready task with 'coord task claim --next'.",
                                     exitStatus: ExitStatus.refused)
                }
                if status != .ready && status != .claimed { throw CoordError.taskState(task, status: status, action: "claim") }
            } else {
                guard let best = queue.ready(at: now, domain: domain).first else { throw CoordError.nothingReady(domain: domain) }
                task = best
            }
            let expires = now.addingTimeInterval(Double(ttl))
            // A claim whose bound process ended on this host is taken over: released, with the reason, in the same write.
            let takeover = Self.takeover(of: task, by: holder, at: now, grace: queue.grace)
            if let own = queue.liveClaim(of: task, at: now) {
                // Claiming again what you hold renews it under the same token.
                var event = TaskEvent(event: .renew, at: now, task: task.id, actor: holder)
                event.token = own.token
                event.expires = expires
                event.ttl = ttl
                var claim = own
                claim.expires = expires
                claim.ttl = ttl
                let locks = Self.renewLocks(of: own, holder: holder, ttl: ttl, table: table, now: now)
                return (Claimed(task: task, claim: claim, locks: locks.grants), [event], locks.records)
            }
            let token = max(table.highWater, queue.highWater) + 1
            var lockRecords: [LockEvent] = []
            var grants: [LockGrant] = []
            let locking = request.lock && !task.paths.isEmpty
            if locking {
                let paths = try task.paths.map { try LockPath($0) }
                let (outcome, records) = Locks.plan(paths, holder: holder, intent: "\(task.id): \(Decisions.shortened(task.title, to: 200))",
                                                    ttl: ttl, table: table, now: now, token: token, process: request.process)
                switch outcome {
                case .conflict(let conflicts): throw CoordError.taskPathsHeld(task, conflicts: conflicts)
                case .granted(let granted): grants = granted.grants
                }
                lockRecords = records
            }
            if !lockRecords.contains(where: { $0.event == .acquire && $0.token == token }) {
                lockRecords.append(LockEvent(event: .fence, at: now, token: token, holder: holder, intent: task.id))
            }
            var event = TaskEvent(event: .claim, at: now, task: task.id, actor: holder)
            event.token = token
            event.expires = expires
            event.ttl = ttl
            event.locked = locking ? true : nil
            event.process = request.process
            var claim = TaskClaim(holder: holder, token: token, since: now, expires: expires, ttl: ttl, locked: locking)
            claim.process = request.process
            return (Claimed(task: task, claim: claim, locks: grants), takeover + [event], lockRecords)
        }
        let claimed = outcome.value
        if announce && !outcome.repeated {
            let locked = claimed.locks.isEmpty ? "" : ", locked \(LockText.list(claimed.locks.map(\.path)))"
            try post("claimed \(claimed.task.id) (token \(claimed.claim.token)\(locked)): "
                     + Decisions.shortened(claimed.task.title, to: 200), as: agent)
        }
        return claimed
    }

    /// The `release` that ends the claim on `task` when its bound process
    /// ended on this host before its lease ran out (none otherwise), written by
    /// `holder` taking the task over, with the reason "holder process ended".
    static func takeover(of task: WorkTask, by holder: String, at now: Date, grace: Int64) -> [TaskEvent] {
        guard task.stage == .open, let claim = task.claim, claim.process != nil,
              now < claim.expires.addingTimeInterval(Double(grace)), claim.holderProcessEnded
        else { return [] }
        var release = TaskEvent(event: .release, at: now, task: task.id, actor: holder)
        release.token = claim.token
        release.reason = HolderProcess.endedReason
        return [release]
    }

    /// Moves the expiry of the caller's claim (and of the locks it took) to now + `ttl` (default: the claim's own TTL).
    public func renew(_ id: String, ttl: Int64? = nil, fence: Int64? = nil, as agent: AgentName,
                      key: IdempotencyKey? = nil) throws -> Claimed {
        let id = try TaskID.parse(id)
        let ttl = try ttl.map { try settings.validTTL($0) }
        return try keyedChange(.task(id), key: key, by: agent, kinds: [.renew], replay: reclaimed) { queue, table, now in
            let task = try Self.require(id, in: queue)
            var claim = try Self.ownClaim(task, fence: fence, holder: agent.rawValue, action: "renew")
            let seconds = ttl ?? claim.ttl
            claim.expires = now.addingTimeInterval(Double(seconds))
            claim.ttl = seconds
            var event = TaskEvent(event: .renew, at: now, task: id, actor: agent.rawValue)
            event.token = claim.token
            event.expires = claim.expires
            event.ttl = seconds
            let locks = Self.renewLocks(of: claim, holder: agent.rawValue, ttl: seconds, table: table, now: now)
            return (Claimed(task: task, claim: claim, locks: locks.grants), [event], locks.records)
        }.value
    }

    /// The caller's claim on `task`, lapsed or not, as long as nobody took it
    /// over; with `fence`, it must still carry that token.
    static func ownClaim(_ task: WorkTask, fence: Int64?, holder: String, action: String) throws -> TaskClaim {
        guard task.stage == .open, let claim = task.claim, claim.holder == holder else {
            if let fence { throw CoordError.staleFence(task, given: fence, current: task.claim) }
            throw CoordError.notClaimant(task, claim: task.claim, caller: holder, action: action)
        }
        if let fence, fence != claim.token { throw CoordError.staleFence(task, given: fence, current: claim) }
        return claim
    }

    /// Renewals of the locks a claim took: the grants that still carry its token
    /// (none for a claim without `--lock`, whose token only a fence record holds).
    static func renewLocks(of claim: TaskClaim, holder: String, ttl: Int64, table: LockTable, now: Date)
        -> (grants: [LockGrant], records: [LockEvent]) {
        let expires = now.addingTimeInterval(Double(ttl))
        let grants = table.blocking(at: now).filter { $0.holder == holder && $0.token == claim.token }.map { grant in
            var renewed = grant
            renewed.expires = expires
            renewed.ttl = ttl
            renewed.renewed = now
            return renewed
        }
        return (grants, grants.map {
            LockEvent(event: .renew, at: now, token: $0.token, path: $0.path, holder: holder, expires: expires, ttl: ttl)
        })
    }

    /// Releases of the locks a claim took.
    static func releaseLocks(of claim: TaskClaim, holder: String, table: LockTable, now: Date) -> [LockEvent] {
        table.grants.values.filter { $0.holder == holder && $0.token == claim.token }.sorted { $0.path < $1.path }.map {
            LockEvent(event: .release, at: now, token: $0.token, path: $0.path, holder: holder)
        }
    }
}

extension CoordError {
    /// `--lock` found a path held by someone else: nothing was claimed (exit status 3).
    static func taskPathsHeld(_ task: WorkTask, conflicts: [LockConflict]) -> CoordError {
        let held = conflicts.map { "\($0.held.path) by \($0.held.holder)" }.joined(separator: ", ")
        return CoordError(.taskHeld,
                          "\(task.id) needs \(held), so nothing was claimed or locked; claim it without --lock or wait for those locks.",
                          exitStatus: ExitStatus.conflict)
    }
}

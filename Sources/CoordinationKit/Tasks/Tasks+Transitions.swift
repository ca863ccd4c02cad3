import CoordStorage
import FoundationEssentials

extension Tasks {
    /// A change of a task's state by `coord task done|release|block|unblock|cancel`.
    public enum Transition: Sendable, Equatable {
        case done(note: String?)
        case release
        case block(reason: String)
        case unblock
        case cancel(reason: String)

        /// The record the transition writes.
        var kind: TaskEvent.Kind {
            switch self {
            case .done: .done
            case .release: .release
            case .block: .block
            case .unblock: .unblock
            case .cancel: .cancel
            }
        }

        var verb: String {
            switch self {
            case .done: "finish"
            case .release: "release"
            case .block: "block"
            case .unblock: "unblock"
            case .cancel: "cancel"
            }
        }
    }

    /// Applies `transition` to task `id`. Only the claimant may finish or
    /// release; `fence` refuses a claimant whose lease was taken over. Locks
    /// the claim took are released with it. Returns the task as it now stands.
    @discardableResult
    public func apply(_ transition: Transition, to id: String, fence: Int64? = nil, as agent: AgentName,
                      announce: Bool = true, key: IdempotencyKey? = nil) throws -> WorkTask {
        let id = try TaskID.parse(id)
        let holder = agent.rawValue
        let text: String? = try {
            switch transition {
            case .done(let note): return try note.map {
                try Decisions.validated($0, name: "--note", limit: Self.maximumTextBytes, example: "--note \"merged in #12\"")
            }
            case .block(let reason), .cancel(let reason): return try Decisions.validated(
                reason, name: "--reason", limit: Self.maximumTextBytes, example: "--reason \"needs the staging database\"")
            case .release, .unblock: return nil
            }
        }()
        let outcome = try keyedChange(.task(id), key: key, by: agent, kinds: [transition.kind], replay: { event, queue, _ in
            try Self.recorded(event, in: queue)
        }) { queue, table, now in
            var task = try Self.require(id, in: queue)
            let status = queue.status(of: task, at: now)
            var event = TaskEvent(event: .release, at: now, task: id, actor: holder)
            var lockRecords: [LockEvent] = []
            switch transition {
            case .done, .release:
                let claim = try Self.ownClaim(task, fence: fence, holder: holder, action: transition.verb)
                event.event = transition == .release ? .release : .done
                event.token = claim.token
                event.note = text
                lockRecords = Self.releaseLocks(of: claim, holder: holder, table: table, now: now)
            case .block, .cancel:
                if case .cancel = transition, status == .done || status == .cancelled {
                    throw CoordError.taskState(task, status: status, action: transition.verb)
                }
                if case .block = transition, status != .ready && status != .waiting && status != .claimed {
                    throw CoordError.taskState(task, status: status, action: transition.verb)
                }
                if let claim = queue.liveClaim(of: task, at: now) {
                    if claim.holder != holder { throw CoordError.taskHeld(task, claim: claim) }
                    if let fence, fence != claim.token { throw CoordError.staleFence(task, given: fence, current: claim) }
                    event.token = claim.token
                    lockRecords = Self.releaseLocks(of: claim, holder: holder, table: table, now: now)
                }
                if case .block = transition { event.event = .block } else { event.event = .cancel }
                event.reason = text
            case .unblock:
                guard task.stage == .blocked else { throw CoordError.taskState(task, status: status, action: transition.verb) }
                event.event = .unblock
            }
            var folded = TaskQueue([], grace: settings.grace)
            folded.adopt(task)
            folded.apply(event)
            task = folded.tasks[id] ?? task
            return (task, [event], lockRecords)
        }
        let task = outcome.value
        if announce && !outcome.repeated { try post(Self.bulletinLine(transition, task), as: agent) }
        return task
    }

    /// `done T-003: write the parser (merged in #12)`.
    static func bulletinLine(_ transition: Transition, _ task: WorkTask) -> String {
        let title = Decisions.shortened(task.title, to: 200)
        switch transition {
        case .done(let note): return "done \(task.id): \(title)" + (note.map { " (\(Decisions.shortened($0, to: 200)))" } ?? "")
        case .release: return "released \(task.id): \(title)"
        case .block(let reason): return "blocked \(task.id): \(title) (\(Decisions.shortened(reason, to: 200)))"
        case .unblock: return "unblocked \(task.id): \(title)"
        case .cancel(let reason): return "cancelled \(task.id): \(title) (\(Decisions.shortened(reason, to: 200)))"
        }
    }
}

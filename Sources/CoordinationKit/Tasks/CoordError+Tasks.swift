import CoordStorage

extension ExitStatus {
    /// `coord task claim --next` found no ready task (the queue is empty or everything waits).
    public static let nothingReady: Int32 = 6
}

extension CoordError.Kind {
    public static let unknownTask = Self(rawValue: "unknown-task")
    public static let taskCycle = Self(rawValue: "task-cycle")
    public static let taskHeld = Self(rawValue: "task-held")
    public static let notClaimant = Self(rawValue: "not-claimant")
    public static let staleFence = Self(rawValue: "stale-fence")
    public static let taskState = Self(rawValue: "task-state")
    public static let nothingReady = Self(rawValue: "nothing-ready")
}

extension CoordError {
    static func unknownTask(_ id: String) -> CoordError {
        CoordError(.unknownTask, "There is no task \(id) on this board; see 'coord tasks' for the ids.",
                   exitStatus: ExitStatus.notFound)
    }

    static func taskCycle(_ cycle: [String]) -> CoordError {
        CoordError(.taskCycle,
                   "That dependency would close the cycle \(cycle.joined(separator: " → ")); drop one of those links with 'coord task unlink'.",
                   exitStatus: ExitStatus.refused)
    }

    /// Someone else's claim still counts (exit status 3).
    static func taskHeld(_ task: WorkTask, claim: TaskClaim) -> CoordError {
        CoordError(.taskHeld,
                   "\(task.id) is claimed by \(claim.holder) (token \(claim.token)) until \(Timestamp.utc(claim.expires)); pick another with 'coord task claim --next'.",
                   exitStatus: ExitStatus.conflict)
    }

    static func notClaimant(_ task: WorkTask, claim: TaskClaim?, caller: String, action: String) -> CoordError {
        let holder = claim.map { "is claimed by \($0.holder), not \(caller)" } ?? "is not claimed by anyone"
        return CoordError(.notClaimant,
                          "\(task.id) \(holder), so you cannot \(action) it; claim it first with 'coord task claim \(task.id)'.",
                          exitStatus: ExitStatus.refused)
    }

    static func staleFence(_ task: WorkTask, given: Int64, current: TaskClaim?) -> CoordError {
        let now = current.map { "its claim now carries token \($0.token) (\($0.holder))" } ?? "it is no longer claimed"
        return CoordError(.staleFence,
                          "Token \(given) is stale for \(task.id): \(now); stop working on it and check 'coord task show \(task.id)'.",
                          exitStatus: ExitStatus.refused)
    }

    static func taskState(_ task: WorkTask, status: TaskStatus, action: String) -> CoordError {
        CoordError(.taskState, "\(task.id) is \(status.rawValue), so you cannot \(action) it; see 'coord task show \(task.id)'.",
                   exitStatus: ExitStatus.refused)
    }

    static func nothingReady(domain: String?) -> CoordError {
        let scope = domain.map { " in domain \($0)" } ?? ""
        return CoordError(.nothingReady,
                          "No task is ready\(scope): every open task waits on a dependency or is claimed; see 'coord tasks'.",
                          exitStatus: ExitStatus.nothingReady)
    }

    /// A complete line that is no task record: 'coord doctor' only flags lines that are not JSON,
    /// so the message itself names the line and the repair.
    public static func damagedTaskJournal(path: String, line: Int) -> CoordError {
        CoordError(.damaged,
                   "'\(path)' line \(line) is not a task record; correct or delete that line by hand, since coord will not guess at a lost claim or done.")
    }
}

import CoordStorage
import CoordinationKit

/// The board's tools, one per CLI command, with descriptions written for a
/// model. Each runs the command with `--json`; the acting agent and the board
/// come from `coord mcp`, not from the arguments.
enum BoardToolCatalog {
    static let durations = "a duration such as 90s, 45m, 2h or 1d"
    static let when = "90m, 2h, 1d, a date (YYYY-MM-DD) or an ISO 8601 date-time"

    static let all: [BoardTool] = [
        BoardTool(
            name: "post", title: "Post to the bulletin",
            description:
                "Append one line to the shared bulletin that every agent reads. Log actions and results, not intentions (\"tests pass on main\", \"released src/auth\"). At most 4,000 bytes; put long detail in a file and post its path.",
            command: ["post", "--json"],
            arguments: [.positional("message", .string, "What happened, in one line.", required: true)],
            readOnly: false,
            summary: { "Posted at \($0["time"]?.stringValue ?? "?") as \($0["agent"]?.stringValue ?? "?")." }),
        BoardTool(
            name: "read", title: "Read the bulletin",
            description:
                "Read recent bulletin entries, oldest first: what other agents did. Read before you act. Filter with since, date, agent or grep; limit caps the count (default 100, the most recent).",
            command: ["read", "--json"],
            arguments: [
                .option("since", .string, "Only entries at or after this point: \(when)."),
                .option("date", .string, "Only entries of this day (YYYY-MM-DD, in the board's time zone)."),
                .option("agent", .string, "Only entries by this agent."),
                .option("grep", .string, "Only entries whose message contains this text (ignoring case)."),
                .option("limit", .integer(minimum: 0, maximum: nil), "At most this many entries, the most recent (0 for no limit)."),
            ],
            readOnly: true, idempotent: true, printsLines: true,
            summary: { "\($0["entries"]?.arrayValue?.count ?? 0) bulletin entries." }),
        BoardTool(
            name: "lock", title: "Lock paths",
            description:
                "Take a lease on files or folders before changing them, so nobody else works there. Exactly one caller wins; if someone else holds an overlapping path the result is an error naming the holder, their intent and when it expires (nothing is locked). Locks expire after ttl (default 2h) unless renewed; unlock when done.",
            command: ["lock", "--json"],
            arguments: [
                .positional(
                    "paths", .strings,
                    "The files or folders to lock, relative to the workspace root (a folder covers everything under it).", required: true),
                .option("intent", .string, "What you are doing there, in a few words; shown to everyone who is blocked.", required: true),
                .option("ttl", .string, "How long the lock lasts unless renewed: \(durations) (default 2h, at most 7d)."),
                .option("quiet", .boolean, "Post nothing to the bulletin."),
            ],
            readOnly: false,
            summary: { "Locked " + paths($0["locks"]) + " until " + ($0["locks"]?.arrayValue?.first?["expires"]?.stringValue ?? "?") + "." }
        ),
        BoardTool(
            name: "unlock", title: "Release locks",
            description:
                "Release locks you hold, by path or all of them. force with a reason breaks someone else's lock (recorded and posted); use it only for a holder that is gone.",
            command: ["unlock", "--json"],
            arguments: [
                .positional("paths", .strings, "The paths to release, as you locked them."),
                .option("all", .boolean, "Release every lock you hold."),
                .option("force", .boolean, "Break the lock even if someone else holds it (needs reason)."),
                .option("reason", .string, "Why you break the lock; recorded and posted."),
                .option("quiet", .boolean, "Post nothing to the bulletin."),
            ],
            readOnly: false,
            summary: { "Released \(paths($0["released"])); broke \(paths($0["broken"]))." }),
        BoardTool(
            name: "renew", title: "Renew locks",
            description: "Extend locks you hold before they expire, by path or all of them. Only the holder can renew.",
            command: ["renew", "--json"],
            arguments: [
                .positional("paths", .strings, "The paths to renew (default: every lock you hold)."),
                .option("ttl", .string, "The new time to live from now: \(durations) (default: the lock's own)."),
            ],
            readOnly: false,
            summary: { "Renewed " + paths($0["locks"]) + "." }),
        BoardTool(
            name: "locks", title: "List locks",
            description:
                "List the live locks: who holds which path, why, and until when. all adds recent released, broken and expired locks.",
            command: ["locks", "--json"],
            arguments: [
                .option("all", .boolean, "Show recent history: released, broken and expired locks as well."),
                .option("limit", .integer(minimum: 1, maximum: nil), "With all, at most this many grants, the most recent."),
            ],
            readOnly: true, idempotent: true,
            summary: { "\($0["locks"]?.arrayValue?.count ?? 0) locks." }),
        BoardTool(
            name: "check", title: "Check paths",
            description:
                "Ask whether paths you are about to change are held by someone else. A conflict is an error result naming each holder; nothing is locked either way.",
            command: ["check", "--json"],
            arguments: [.positional("paths", .strings, "The paths you are about to change.", required: true)],
            readOnly: true, idempotent: true,
            summary: { $0["ok"]?.boolValue == true ? "Clear: nobody else holds these paths." : "Held by someone else." }),
        BoardTool(
            name: "decide", title: "Record a decision",
            description:
                "Record an architecture decision (ADR) that every agent must follow and acknowledge: the decision in one line, the context that prompted it and the rationale. proposed records it for approval instead; proposed with quorum opens it for a vote (see vote).",
            command: ["decide", "--json"],
            arguments: [
                .positional("decision", .string, "The decision, in one line.", required: true),
                .option("context", .string, "What prompted it: the problem or question.", required: true),
                .option("rationale", .string, "Why this choice over the alternatives.", required: true),
                .option("supersedes", .strings, "Accepted decisions (ADR-NNN) this one replaces."),
                .option("proposed", .boolean, "Record it as proposed, waiting for approval."),
                .option("quorum", .integer(minimum: 1, maximum: nil),
                        "With proposed: open a vote that closes once this many agents have voted (more yes than no accepts, a tie rejects)."),
                .option("voters", .strings, "With quorum: the only agents who may vote (at least quorum of them)."),
                .option("tags", .strings, "Tags to find it by.", flag: "tag"),
            ],
            readOnly: false,
            summary: { "Recorded " + ids($0["decisions"]) + "." }),
        BoardTool(
            name: "decisions", title: "List decisions",
            description:
                "List the board's decisions (ADRs), to follow them. unacked lists only active decisions you have not acknowledged yet; acknowledge them with ack.",
            command: ["decisions", "--json"],
            arguments: [
                .option("unacked", .boolean, "Only active decisions you have not acknowledged."),
                .option("search", .string, "Only decisions whose context, decision, rationale or tags contain this text (ignoring case)."),
                .option("status", .string, "Only decisions in this state: active, proposed, accepted, rejected or superseded."),
                .option("since", .string, "Only decisions made, or whose status changed, at or after: \(when)."),
            ],
            readOnly: true, idempotent: true,
            summary: { "\($0["decisions"]?.arrayValue?.count ?? 0) decisions." }),
        BoardTool(
            name: "ack", title: "Acknowledge decisions",
            description: "Acknowledge decisions you have read (ADR-NNN), so the board knows you follow them.",
            command: ["ack", "--json"],
            arguments: [.positional("ids", .strings, "The decisions you have read, such as ADR-003.", required: true)],
            readOnly: false, idempotent: true,
            summary: { "Acknowledged " + strings($0["acknowledged"]) + "." }),
        BoardTool(
            name: "vote", title: "Vote on a decision",
            description:
                "Vote yes or no on a proposed decision that was opened for a vote (decide with proposed and quorum). One vote per agent: voting again replaces your earlier vote (both are kept). The vote that reaches the quorum closes it: accepted with more yes than no, rejected otherwise. Refused when the decision is not open for a vote, the vote has closed, or you are not one of its voters.",
            command: ["vote", "--json"],
            arguments: [
                .positional("id", .string, "The proposed decision, such as ADR-007.", required: true),
                .positional("vote", .string, "yes or no.", required: true),
                .option("reason", .string, "Why you vote so; shown with the tally."),
            ],
            readOnly: false,
            summary: { document in
                let voted = document["voted"]
                let decision = document["decisions"]?.arrayValue?.first
                var text = "Voted \(voted?["vote"]?.stringValue ?? "?") on \(decision?["id"]?.stringValue ?? "?")"
                if voted?["closed"]?.boolValue == true {
                    text += "; the vote closed: \(decision?["status"]?.stringValue ?? "?")"
                }
                return text + "."
            }),
        BoardTool(
            name: "worker_update", title: "Record worker progress",
            description:
                "Record progress on a worker (your session's journal): what you completed, discovered, what blocks you, context usage and what comes next. A blocker marks the worker blocked until unblocked.",
            command: ["worker", "update", "--json"],
            arguments: workerDomain + [
                .option("completed", .strings, "Things finished in this phase."),
                .option("discoveries", .strings, "Things learned that others could use.", flag: "discovery"),
                .option("impact", .strings, "How this phase moves the goal."),
                .option("blockers", .strings, "Things in the way: the worker is blocked until unblocked.", flag: "blocker"),
                .option("unblocked", .boolean, "Clear every open blocker."),
                .option("context", .string, "Context usage in percent, such as 35 or 35%."),
                .option("next", .strings, "What comes next."),
                .option("files", .strings, "Files touched."),
                .option("commits", .strings, "Commits made."),
                .option("notes", .strings, "Free text.", flag: "note"),
                .option("reopen", .boolean, "Record on a worker that is already complete."),
            ],
            readOnly: false,
            summary: worker),
        BoardTool(
            name: "worker_handoff", title: "Hand off work",
            description:
                "Hand a worker's work to another worker: what is handed over and what the receiver needs to know. Both journals record it.",
            command: ["worker", "handoff", "--json"],
            arguments: workerDomain + [
                .option("to", .string, "The receiving worker's domain.", required: true),
                .option("artifacts", .strings, "What is handed over: files, documents, branches."),
                .option("note", .string, "What the receiver needs to know."),
            ],
            readOnly: false,
            summary: worker),
        BoardTool(
            name: "worker_done", title: "Finish a worker",
            description:
                "Close a worker with its final report: what was delivered, where it is and what is left. unfinished records that it stopped before the goal was met.",
            command: ["worker", "done", "--json"],
            arguments: workerDomain + [
                .option("report", .string, "What was delivered, where it is, and what is left.", required: true),
                .option("unfinished", .boolean, "Stop before the goal is met: the status becomes exited instead of complete."),
            ],
            readOnly: false,
            summary: worker),
        BoardTool(
            name: "status", title: "Board status",
            description:
                "One view of the board: workers and their state (stale, blocked), live locks, unacknowledged decisions and the latest bulletin entries. Cheap; call it to orient yourself.",
            command: ["status", "--json"],
            arguments: [
                .option("stale_after", .string, "Mark active workers silent this long as stale: \(durations)."),
                .option(
                    "entries", .integer(minimum: 0, maximum: 50), "How many of the latest bulletin entries to include (0 to 50, default 5)."
                ),
            ],
            readOnly: true, idempotent: true,
            summary: { _ in "Board status." }),
        BoardTool(
            name: "task_add", title: "Add a task",
            description:
                "Add a task to the shared work queue. after names tasks that must be done first (a dependency that would close a cycle is an error naming the cycle). Returns the new task with its id (T-001 and up).",
            command: ["task", "add", "--json"],
            arguments: [
                .positional("title", .string, "What is to be done, in a few words.", required: true),
                .option("body", .string, "Details, links, acceptance criteria."),
                .option("after", .strings, "Tasks that must be done first, such as T-001."),
                .option("priority", .integer(minimum: 0, maximum: 3), "0 (most urgent) to 3 (default 2)."),
                .option("due", .string, "When it should be done: a date, a date-time or a duration from now (4h)."),
                .option("paths", .strings, "The files or folders it touches (task_claim with lock locks them)."),
                .option("domain", .string, "The worker domain it belongs to."),
                .option("tags", .strings, "Tags.", flag: "tag"),
                .option("quiet", .boolean, "Post nothing to the bulletin."),
            ],
            readOnly: false,
            summary: { "Added " + task($0) + "." }),
        BoardTool(
            name: "tasks", title: "List tasks",
            description:
                "List the task queue: every task with its status (ready, waiting, claimed, done, blocked, cancelled). ready lists only the tasks you can start now, best first; mine only the ones you hold.",
            command: ["tasks", "--json"],
            arguments: [
                .option("ready", .boolean, "Only ready tasks, best first: lowest priority number, then earliest due, then oldest."),
                .option("mine", .boolean, "Only tasks you hold a claim on."),
                .option("status", .string, "Only tasks in this status: ready, waiting, claimed, done, blocked or cancelled."),
                .option("domain", .string, "Only tasks of this domain."),
            ],
            readOnly: true, idempotent: true,
            summary: { "\($0["tasks"]?.arrayValue?.count ?? 0) tasks." }),
        BoardTool(
            name: "task_show", title: "Show a task",
            description: "One task with its full history: every record about it, oldest first.",
            command: ["task", "show", "--json"],
            arguments: [.positional("id", .string, "The task, such as T-003.", required: true)],
            readOnly: true, idempotent: true,
            summary: { task($0) + "." }),
        BoardTool(
            name: "task_claim", title: "Claim a task",
            description:
                "Claim a task as a lease before working on it: a named one, or with next the best ready one. Exactly one of any number of racing claimers wins; the others get an error naming the holder (exit status 3). With next and nothing ready, the error has exit status 6 (nothing ready, not a failure: a damaged board is exit status 1). The result carries the fencing token; pass it as fence to task_done. lock also locks the task's paths, all or nothing.",
            command: ["task", "claim", "--json"],
            arguments: [
                .positional("id", .string, "The task to claim (or use next)."),
                .option("next", .boolean, "Claim the best ready task."),
                .option("domain", .string, "With next: only tasks of this domain."),
                .option("ttl", .string, "How long the claim lasts unless renewed: \(durations) (default 2h)."),
                .option("lock", .boolean, "Also lock the task's paths under the claim's token (all or nothing)."),
                .option("quiet", .boolean, "Post nothing to the bulletin."),
            ],
            readOnly: false,
            summary: { "Claimed " + task($0) + " with token \($0["task"]?["claim"]?["token"]?.integerValue.map(String.init) ?? "?")." }),
        BoardTool(
            name: "task_done", title: "Finish a task",
            description:
                "Mark a task you hold as done, which makes the tasks after it ready. Only the claimant may; fence refuses a claim whose lease ran out and was taken over (exit status 4).",
            command: ["task", "done", "--json"],
            arguments: taskChange + [.option("note", .string, "What came of it.")],
            readOnly: false,
            summary: { "Finished " + task($0) + "." }),
        BoardTool(
            name: "task_release", title: "Release a task",
            description: "Give up a task you hold without finishing it: it is ready again for anyone.",
            command: ["task", "release", "--json"],
            arguments: taskChange,
            readOnly: false,
            summary: { "Released " + task($0) + "." }),
        BoardTool(
            name: "task_block", title: "Block a task",
            description: "Mark a task blocked by something outside the queue, with the reason; nobody can claim it until task_unblock.",
            command: ["task", "block", "--json"],
            arguments: taskChange + [.option("reason", .string, "What it waits for.", required: true)],
            readOnly: false,
            summary: { "Blocked " + task($0) + "." }),
        BoardTool(
            name: "task_unblock", title: "Unblock a task",
            description: "Lift the block of a task that was blocked: it is open again, and ready once its dependencies are done.",
            command: ["task", "unblock", "--json"],
            arguments: taskChange,
            readOnly: false,
            summary: { "Unblocked " + task($0) + "." }),
        BoardTool(
            name: "task_cancel", title: "Cancel a task",
            description: "Cancel a task that will not be done, with the reason. Tasks after it can then never start until unlinked.",
            command: ["task", "cancel", "--json"],
            arguments: taskChange + [.option("reason", .string, "Why it will not be done.", required: true)],
            readOnly: false,
            summary: { "Cancelled " + task($0) + "." }),
        BoardTool(
            name: "task_renew", title: "Renew a task claim",
            description: "Extend the lease on a task you hold (and the locks its claim took) before it runs out. Only the claimant can.",
            command: ["task", "renew", "--json"],
            arguments: [
                .positional("id", .string, "The task you hold.", required: true),
                .option("ttl", .string, "The new time to live from now: \(durations) (default: the claim's own)."),
                .option("fence", .integer(minimum: 1, maximum: nil), "Refuse unless your claim still carries this fencing token."),
            ],
            readOnly: false,
            summary: { "Renewed " + task($0) + "." }),
    ] + messageTools

    static let taskChange: [BoardTool.Argument] = [
        .positional("id", .string, "The task, such as T-003.", required: true),
        .option("fence", .integer(minimum: 1, maximum: nil), "Refuse unless your claim still carries this fencing token."),
        .option("quiet", .boolean, "Post nothing to the bulletin."),
    ]

    /// `T-003 (write the parser, claimed)` from a task document.
    private static func task(_ document: JSONValue) -> String {
        let task = document["task"]
        return "\(task?["id"]?.stringValue ?? "?") (\(task?["title"]?.stringValue ?? "?"), \(task?["status"]?.stringValue ?? "?"))"
    }

    static let workerDomain: [BoardTool.Argument] = [
        .positional("domain", .string, "The worker's domain, such as backend-api (default: the worker whose agent you are).")
    ]

    private static func paths(_ locks: JSONValue?) -> String {
        let names = (locks?.arrayValue ?? []).compactMap { $0["path"]?.stringValue }
        return names.isEmpty ? "nothing" : names.joined(separator: ", ")
    }

    private static func ids(_ decisions: JSONValue?) -> String {
        (decisions?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.joined(separator: ", ")
    }

    private static func strings(_ value: JSONValue?) -> String {
        let items = (value?.arrayValue ?? []).compactMap(\.stringValue)
        return items.isEmpty ? "nothing new" : items.joined(separator: ", ")
    }

    private static func worker(_ record: JSONValue) -> String {
        let status = record["state"]?["status"]?.stringValue ?? "recorded"
        return "\(record["worker"]?.stringValue ?? record["domain"]?.stringValue ?? "Worker"): \(status)."
    }
}

import CoordStorage
import FoundationEssentials

/// The task queue's part of a report: the tasks completed, claimed and blocked
/// in the window, from `tasks.jsonl`.
struct TaskDigest {
    var activity: SynthesisReport.TaskActivity?

    /// Reads the whole task journal (titles come from `add` records, which may be
    /// older than the window) and keeps the window's `done`, `claim` and `block`
    /// records. A damaged journal refuses the report, as it refuses `coord tasks`:
    /// a count read from half a queue would be wrong without saying so.
    static func read(_ workspace: Workspace, window: SynthesisWindow) throws -> TaskDigest {
        guard workspace.board.exists(TaskEvent.fileName) else { return TaskDigest() }
        let events = try TaskJournal(board: workspace.board).read().events
        var titles: [String: String] = [:]
        var activity = SynthesisReport.TaskActivity(completed: [], claimed: [], blocked: [])
        for event in events {
            if event.event == .add, let title = event.title { titles[event.task] = title }
            guard window.contains(event.at) else { continue }
            func step(_ detail: String?) -> SynthesisReport.TaskStep {
                SynthesisReport.TaskStep(task: event.task, title: titles[event.task] ?? "", actor: event.actor,
                                         at: ReportTime(event.at, in: workspace.timeZone), detail: detail)
            }
            switch event.event {
            case .done: activity.completed.append(step(event.note))
            case .claim: activity.claimed.append(step(nil))
            case .block: activity.blocked.append(step(event.reason))
            default: break
            }
        }
        guard !activity.isEmpty else { return TaskDigest() }
        func order(_ a: SynthesisReport.TaskStep, _ b: SynthesisReport.TaskStep) -> Bool {
            (a.at, a.task, a.actor) < (b.at, b.task, b.actor)
        }
        activity.completed.sort(by: order)
        activity.claimed.sort(by: order)
        activity.blocked.sort(by: order)
        return TaskDigest(activity: activity)
    }
}

extension SynthesisReport {
    /// Tasks completed, claimed and blocked in the window, each in time order.
    public struct TaskActivity: Codable, Sendable, Equatable {
        public var completed: [TaskStep]
        public var claimed: [TaskStep]
        public var blocked: [TaskStep]

        public var isEmpty: Bool { completed.isEmpty && claimed.isEmpty && blocked.isEmpty }
    }

    /// One transition of one task: who did it and when.
    public struct TaskStep: Codable, Sendable, Equatable {
        public var task: String
        public var title: String
        public var actor: String
        public var at: ReportTime
        /// The note of a `done`, the reason of a `block`.
        public var detail: String?
    }
}

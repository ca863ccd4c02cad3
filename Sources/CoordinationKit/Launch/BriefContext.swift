import CoordStorage

/// What a brief template can use. Templates are Mustache (`{{worker.agent}}`,
/// `{{#others}}…{{/others}}`); coord-render adds `template.name` and
/// `template.version`. docs/workers.md lists every field.
public enum BriefContext {
    /// A worker as briefs name it.
    public struct Worker: Codable, Sendable, Equatable {
        public var number: Int
        public var domain: String
        /// `Worker Session: {domain}`.
        public var entity: String
        /// The agent name to export as COORD_AGENT.
        public var agent: String
        /// The worker's goal (left out in a brief's list of others when it is the reader's own).
        public var goal: String?
        /// The brief, relative to the workspace root.
        public var brief: String
        public var status: String?

        public init(number: Int, domain: String, entity: String, agent: String, goal: String?, brief: String, status: String? = nil) {
            self.number = number
            self.domain = domain
            self.entity = entity
            self.agent = agent
            self.goal = goal
            self.brief = brief
            self.status = status
        }
    }

    public struct Observer: Codable, Sendable, Equatable {
        public var agent: String
        public var brief: String
        /// Where the observer session runs (the workspace root unless --observer-dir).
        public var directory: String
        /// `directory`, quoted for a shell when it needs to be.
        public var directoryShell: String

        public init(agent: String, brief: String, directory: String) {
            self.agent = agent
            self.brief = brief
            self.directory = directory
            directoryShell = ShellWord.quote(directory)
        }

        enum CodingKeys: String, CodingKey {
            case agent, brief, directory
            case directoryShell = "directory_shell"
        }
    }

    /// `worker-brief.mustache`'s context.
    public struct WorkerBrief: Codable, Sendable, Equatable {
        /// The workspace root (absolute): what COORD_WORKSPACE is set to.
        public var workspace: String
        /// `workspace`, quoted for a shell when it needs to be.
        public var workspaceShell: String
        /// The team's goal (the board's), when there is one.
        public var teamGoal: String?
        /// The local time the brief was written, ISO 8601 with offset.
        public var rendered: String
        public var worker: Worker
        /// The other workers on the board, by number.
        public var others: [Worker]
        public var observer: Observer?
        /// Context usage at which a worker bundles and starts fresh, in percent.
        public var contextLimit: Int

        public init(workspace: String, teamGoal: String?, rendered: String, worker: Worker, others: [Worker],
                    observer: Observer?, contextLimit: Int) {
            self.workspace = workspace
            workspaceShell = ShellWord.quote(workspace)
            self.teamGoal = teamGoal
            self.rendered = rendered
            self.worker = worker
            self.others = others.map { other in
                var shown = other
                if shown.goal == worker.goal { shown.goal = nil }
                return shown
            }
            self.observer = observer
            self.contextLimit = contextLimit
        }

        enum CodingKeys: String, CodingKey {
            case workspace, rendered, worker, others, observer
            case workspaceShell = "workspace_shell"
            case teamGoal = "team_goal"
            case contextLimit = "context_limit"
        }
    }

    /// `observer-brief.mustache`'s context.
    public struct ObserverBrief: Codable, Sendable, Equatable {
        public var workspace: String
        public var workspaceShell: String
        public var goal: String
        public var rendered: String
        public var observer: Observer
        public var workers: [Worker]
        public var contextLimit: Int

        public init(workspace: String, goal: String, rendered: String, observer: Observer, workers: [Worker], contextLimit: Int) {
            self.workspace = workspace
            workspaceShell = ShellWord.quote(workspace)
            self.goal = goal
            self.rendered = rendered
            self.observer = observer
            self.workers = workers
            self.contextLimit = contextLimit
        }

        enum CodingKeys: String, CodingKey {
            case workspace, goal, rendered, observer, workers
            case workspaceShell = "workspace_shell"
            case contextLimit = "context_limit"
        }
    }

    /// The Meta-Observer pattern's threshold: bundle context at about 40%.
    public static let workerContextLimit = 40
    /// The observer only reads and synthesizes, so it stays lower.
    public static let observerContextLimit = 30
}

/// Quoting for the shell commands briefs print.
public enum ShellWord {
    /// `text` as one shell word: unchanged when it holds only safe characters,
    /// else in single quotes (with `'` written as `'\''`).
    public static func quote(_ text: String) -> String {
        let safe = !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a" ... "z", "A" ... "Z", "0" ... "9", "/", ".", "_", "-", "+", "@", ":", ",", "=": return true
            default: return false
            }
        }
        if safe { return text }
        return "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }
}

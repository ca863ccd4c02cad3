import CoordStorage
import FoundationEssentials

/// `coord hook pre-edit`: whether an agent may edit a file, answered in the
/// pre-tool-use hook protocol of coding agents (`hookSpecificOutput` with a
/// `permissionDecision`).
public struct PreEditHook: Sendable {
    public let workspace: Workspace
    public let settings: BoardSettings

    public init(_ workspace: Workspace, settings: BoardSettings) {
        self.workspace = workspace
        self.settings = settings
    }

    /// What the hook answers.
    public enum Answer: Sendable, Equatable {
        /// Say nothing: the agent's own permission rules apply.
        case allow
        /// Refuse the edit; the reason is shown to the model.
        case deny(reason: String)
        /// Ask the person; the reason is shown in the prompt.
        case ask(reason: String)
        /// Let the edit through, with a warning for standard error.
        case warn(reason: String)
    }

    /// The answer for `agent` editing what `event` names.
    public func answer(_ event: PreEditEvent, for agent: AgentName, directory: String) throws -> Answer {
        guard let file = event.filePath else { return .allow }
        let path = try WorkspacePath.lockPath(of: file, from: event.directory ?? directory, in: workspace)
        let locks = Locks(workspace, settings: settings.lockSettings)
        let check = try locks.check([path], for: agent)
        guard !check.conflicts.isEmpty else { return .allow }
        let reason = Self.reason(check, agent: agent, zone: workspace.timeZone, grace: locks.settings.grace)
        switch settings.preEditDecision {
        case .deny: return .deny(reason: reason)
        case .ask: return .ask(reason: reason)
        case .warn: return .warn(reason: reason)
        }
    }

    /// Names the holder, the intent and the expiry, and the commands to ask and to check again.
    static func reason(_ check: Locks.Check, agent: AgentName, zone: BoardTimeZone, grace: Int64) -> String {
        let held = check.conflicts.map { LockText.describe($0, zone: zone, now: check.now, grace: grace) }
        let holders = Array(Set(check.conflicts.map(\.held.holder))).sorted()
        let path = check.paths.first.map(\.description) ?? "."
        let ask = holders.map { "@\($0)" }.joined(separator: " ")
        return "coord: \(held.joined(separator: "; ")). Do not edit \(path) as \(agent.rawValue) now: work on something else, "
            + "or ask with: coord post \"\(ask) may I edit \(path)? (I am \(agent.rawValue))\", then retry after "
            + "coord check \(path) exits 0."
    }

    /// The answer as the hook prints it on standard output: nothing for allow and warn.
    public static func output(_ answer: Answer) throws -> [UInt8]? {
        switch answer {
        case .allow, .warn: return nil
        case .deny(let reason): return try document(decision: "deny", reason: reason)
        case .ask(let reason): return try document(decision: "ask", reason: reason)
        }
    }

    private struct Output: Encodable {
        struct Specific: Encodable {
            var hookEventName = "PreToolUse"
            var permissionDecision: String
            var permissionDecisionReason: String
        }
        var hookSpecificOutput: Specific
    }

    private static func document(decision: String, reason: String) throws -> [UInt8] {
        try BoardJSON.line(Output(hookSpecificOutput: .init(permissionDecision: decision, permissionDecisionReason: reason)))
            + [UInt8(ascii: "\n")]
    }
}

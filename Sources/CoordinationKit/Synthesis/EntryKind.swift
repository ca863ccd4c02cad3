/// What a bulletin entry is about, read from its words.
///
/// The bulletin is free text, written by coord's own commands, by agents and
/// by cron jobs, so the kind is a documented guess from the message (see
/// docs/synthesis.md): the first rule that matches wins, in the order of the
/// cases below. Routine kinds are folded away in the timeline and counted.
public enum EntryKind: String, Sendable, CaseIterable, Codable, Comparable {
    // Routine noise, folded away and counted.
    case heartbeat
    case renewal
    /// The same agent saying the same thing again in the window.
    case repeated
    /// Lock grants and releases (the Locks section tells their story).
    case lock

    // Significant entries, always shown.
    case intervention
    case decision
    case lockBreak = "lock-break"
    case unblocked
    case blocker
    case handoff
    case completion
    case start

    /// Anything else: shown, up to the per-hour limit.
    case note

    public var isRoutine: Bool {
        switch self {
        case .heartbeat, .renewal, .repeated, .lock: return true
        default: return false
        }
    }

    public var isSignificant: Bool { !isRoutine && self != .note }

    /// "1 heartbeat", "3 repeated lines": how counts of this kind read.
    public func counted(_ count: Int) -> String {
        let (one, many): (String, String)
        switch self {
        case .heartbeat: (one, many) = ("heartbeat", "heartbeats")
        case .renewal: (one, many) = ("renewal", "renewals")
        case .repeated: (one, many) = ("repeated line", "repeated lines")
        case .lock: (one, many) = ("lock grant or release", "lock grants and releases")
        case .intervention: (one, many) = ("intervention", "interventions")
        case .decision: (one, many) = ("decision line", "decision lines")
        case .lockBreak: (one, many) = ("forced lock break", "forced lock breaks")
        case .unblocked: (one, many) = ("unblock", "unblocks")
        case .blocker: (one, many) = ("blocker", "blockers")
        case .handoff: (one, many) = ("handoff", "handoffs")
        case .completion: (one, many) = ("completion", "completions")
        case .start: (one, many) = ("start", "starts")
        case .note: (one, many) = ("other entry", "other entries")
        }
        return "\(count) " + (count == 1 ? one : many)
    }

    public static func < (a: EntryKind, b: EntryKind) -> Bool { a.order < b.order }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    /// The kind of a message by `agent` (repeats are found by the caller).
    public static func classify(_ message: String, agent: String) -> EntryKind {
        let words = Self.words(message)
        guard let first = words.first else { return .note }
        let set = Set(words)
        func starts(_ options: Set<String>) -> Bool { options.contains(first) }
        func has(_ options: Set<String>) -> Bool { !set.isDisjoint(with: options) }
        func opens(_ phrase: [String]) -> Bool { words.starts(with: phrase) }

        if has(["heartbeat", "heartbeats", "keepalive"]) || (words.count <= 3 && starts(["alive", "ping", "tick", "still"])) {
            return .heartbeat
        }
        if starts(["renewed", "renewing", "renew", "renews"]) || opens(["lease", "renewed"]) { return .renewal }
        if starts(["intervention", "intervening", "intervened", "intervene"]) || agent.lowercased().hasSuffix("observer")
            && has(["blocker", "blocked", "stale", "collision", "conflict", "unacknowledged", "intervention"]) {
            return .intervention
        }
        if message.contains("ADR-") || starts(["decided", "decision", "approved", "rejected", "superseded", "supersedes"]) {
            return .decision
        }
        if (starts(["broke", "force-broke", "forced"]) && has(["lock", "locks", "unlock"])) || opens(["force", "broke"]) {
            return .lockBreak
        }
        if starts(["locked", "unlocked", "relocked", "lock", "unlock"]) { return .lock }
        if starts(["unblocked"]) || opens(["blocker", "cleared"]) || opens(["blocker", "resolved"])
            || opens(["resolved", "blocker"]) || opens(["no", "longer", "blocked"]) {
            return .unblocked
        }
        if starts(["blocked", "blocker", "blocking"]) || message.contains("BLOCKER") || opens(["waiting", "on"]) {
            return .blocker
        }
        if has(["handoff", "handed", "handing"]) || opens(["hand", "off"]) { return .handoff }
        if starts(["completed", "complete", "finished", "done", "merged", "shipped", "exiting", "released"])
            || has(["completed", "finished", "done"]) || opens(["work", "complete"]) {
            return .completion
        }
        if starts(["starting", "started", "start", "beginning", "began", "resuming", "resumed", "launched", "picked", "claimed"]) {
            return .start
        }
        return .note
    }

    /// Lower-cased words: letters, digits, `-` and `_`.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0" ... "9").contains(scalar) || scalar == "-" || scalar == "_" {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current.lowercased())
                current = ""
            }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }
}

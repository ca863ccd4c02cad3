import CoordStorage

/// Every key `config.json` may hold: its meaning, default and accepted values.
/// `coord config list` and docs/config.md describe the same table.
public enum SettingKey: String, Sendable, CaseIterable {
    /// A lock's time to live when `coord lock` is not given `--ttl`.
    case lockTTL = "locks.ttl"
    /// How long an expired lock still blocks others.
    case lockGrace = "locks.grace"
    /// An active worker silent this long is stale (observer, last-seen).
    case staleAfter = "workers.stale-after"
    /// What the agent pre-edit hook answers for a file another agent holds.
    case preEdit = "hooks.pre-edit"
    /// What the commit guard does with a staged path another agent holds.
    case preCommit = "hooks.pre-commit"
    /// Whether `@agent` in a bulletin post also delivers to that agent's inbox.
    case mentions = "bulletin.mentions"

    /// One line for `coord config list`.
    public var summary: String {
        switch self {
        case .lockTTL: return "a lock's time to live when coord lock has no --ttl (1s to 7d)"
        case .lockGrace: return "how long an expired lock still blocks others (0s to 1h)"
        case .staleAfter: return "an active worker silent this long is stale (1m to 30d)"
        case .preEdit: return "coord hook pre-edit on a file held by another agent: deny, ask or warn"
        case .preCommit: return "coord hook pre-commit on a path held by another agent: block or warn"
        case .mentions: return "@agent in a coord post also sends that agent a message: on or off"
        }
    }

    public var defaultValue: JSONValue {
        switch self {
        case .lockTTL: return .string(DurationText.format(seconds: LockSettings.standard.defaultTTL))
        case .lockGrace: return .string(DurationText.format(seconds: LockSettings.standard.grace))
        case .staleAfter: return .string(DurationText.format(seconds: ObserverPolicy.defaultStaleAfter))
        case .preEdit: return .string(PreEditDecision.deny.rawValue)
        case .preCommit: return .string("block")
        case .mentions: return .string("on")
        }
    }

    /// The key named `text`, or a one-sentence error listing the keys.
    public static func named(_ text: String) throws -> SettingKey {
        if let key = SettingKey(rawValue: text) { return key }
        throw CoordError.invalidInput(
            "There is no setting '\(Escaping.escape(text))'; the settings are \(allCases.map(\.rawValue).joined(separator: ", ")).")
    }

    /// `text` as the value to store, or a one-sentence error.
    func parse(_ text: String) throws -> JSONValue {
        let value = JSONValue.string(text)
        if let problem = problem(with: value) {
            throw CoordError.invalidInput("\(rawValue) \(problem).")
        }
        return value
    }

    /// Why `value` cannot be this key's value, or nil.
    func problem(with value: JSONValue) -> String? {
        guard let text = value.stringValue else { return "must be a string such as \(BoardSettings.text(defaultValue))" }
        if let (low, high) = durationBounds {
            guard let seconds = DurationText.seconds(in: text) else {
                return "takes a duration such as \(BoardSettings.text(defaultValue)), not '\(Escaping.escape(text))'"
            }
            guard seconds >= low, seconds <= high else {
                return
                    "must be between \(DurationText.format(seconds: low)) and \(DurationText.format(seconds: high)), not \(DurationText.format(seconds: seconds))"
            }
            return nil
        }
        let choices = self == .preEdit ? PreEditDecision.allCases.map(\.rawValue) : self == .mentions ? ["on", "off"] : ["block", "warn"]
        guard choices.contains(text) else {
            return "takes one of \(choices.joined(separator: ", ")), not '\(Escaping.escape(text))'"
        }
        return nil
    }

    /// The allowed range of a duration key, in seconds; nil for the others.
    private var durationBounds: (Int64, Int64)? {
        switch self {
        case .lockTTL: return (1, LockSettings.standard.maximumTTL)
        case .lockGrace: return (0, 3600)
        case .staleAfter: return (60, 30 * 86_400)
        case .preEdit, .preCommit, .mentions: return nil
        }
    }
}

import CoordStorage
import FoundationEssentials

/// `.coordination/config.json`: the board's defaults, edited with `coord config`.
///
///     {"hooks.pre-edit":"deny","locks.ttl":"45m","version":1}
///
/// One flat object of dotted keys (see `SettingKey` for each one). Missing keys
/// take their defaults, so a board without the file behaves as before; keys
/// this coord does not know are kept on rewrite and otherwise ignored; a file
/// of a newer version is refused with "supported up to N".
///
/// It sits beside `board.json` rather than in it: `board.json` is the board's
/// identity, written once by `coord init` and read by every command, while
/// this file is edited by people and read only by the commands whose
/// defaults it holds. A board without it costs those commands one failed `openat`.
public struct BoardSettings: Sendable, Equatable {
    public static let fileName = "config.json"
    /// The newest version of the file this coord reads and writes.
    public static let supportedVersion = 1

    /// The values set in the file, by key (unknown keys included, as written).
    public private(set) var fields: [String: JSONValue]

    public init(fields: [String: JSONValue] = [:]) { self.fields = fields }

    /// The board's settings; defaults when the file does not exist.
    public static func load(from board: BoardDirectory) throws -> BoardSettings {
        guard let bytes = try board.read(fileName) else { return BoardSettings() }
        let path = board.child(fileName)
        var fields: [String: JSONValue]
        do {
            fields = try BoardJSON.decode([String: JSONValue].self, from: bytes)
        } catch {
            throw CoordError.damaged(path: path, detail: "it is not a JSON object; fix it by hand or remove it to use the defaults")
        }
        if let version = fields.removeValue(forKey: "version") {
            guard let number = version.integerValue, number >= 1 else {
                throw CoordError.damaged(path: path, detail: "its \"version\" is not a positive whole number")
            }
            if number > supportedVersion {
                throw CoordError.unsupportedFormat(path: path, found: Int(number), supported: supportedVersion)
            }
        }
        let settings = BoardSettings(fields: fields)
        for key in SettingKey.allCases {
            if let value = fields[key.rawValue], let problem = key.problem(with: value) {
                throw CoordError.damaged(path: path, detail: "\(key.rawValue) \(problem)")
            }
        }
        return settings
    }

    /// The settings of `workspace`'s board.
    public static func load(_ workspace: Workspace) throws -> BoardSettings { try load(from: workspace.board) }

    // MARK: Values

    /// The value of `key` as `coord config get` prints it: the file's, else the default.
    public func text(of key: SettingKey) -> String { Self.text(fields[key.rawValue] ?? key.defaultValue) }

    /// True when the file sets `key`.
    public func isSet(_ key: SettingKey) -> Bool { fields[key.rawValue] != nil }

    /// A duration setting in seconds.
    public func seconds(_ key: SettingKey) -> Int64 {
        DurationText.seconds(in: text(of: key)) ?? DurationText.seconds(in: Self.text(key.defaultValue)) ?? 0
    }

    /// The lock defaults the settings give: `locks.ttl` and `locks.grace`.
    public var lockSettings: LockSettings {
        var settings = LockSettings.standard
        settings.defaultTTL = seconds(.lockTTL)
        settings.grace = seconds(.lockGrace)
        return settings
    }

    /// `workers.stale-after` in seconds.
    public var staleAfter: Int64 { seconds(.staleAfter) }

    /// What the pre-edit hook answers when another agent holds the file.
    public var preEditDecision: PreEditDecision { PreEditDecision(rawValue: text(of: .preEdit)) ?? .deny }

    /// Whether the commit guard refuses a commit (true) or only warns.
    public var preCommitBlocks: Bool { text(of: .preCommit) == "block" }

    /// `@agent` in a post delivers to that agent's inbox unless `bulletin.mentions` is `off`.
    public var mentionsOn: Bool { text(of: .mentions) != "off" }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        default: return String(decoding: (try? BoardJSON.line(value)) ?? [], as: UTF8.self)
        }
    }

    // MARK: Editing

    /// Sets `key` to `text` (checked and normalised) under the board lock and
    /// replaces the file atomically. Returns the value stored.
    @discardableResult
    public static func set(_ key: SettingKey, to text: String, in workspace: Workspace) throws -> String {
        let value = try key.parse(text)
        try edit(workspace) { $0[key.rawValue] = value }
        return Self.text(value)
    }

    /// Removes `key` from the file, so it takes its default again. True when it was set.
    @discardableResult
    public static func unset(_ key: SettingKey, in workspace: Workspace) throws -> Bool {
        var removed = false
        try edit(workspace) { removed = $0.removeValue(forKey: key.rawValue) != nil }
        return removed
    }

    private static func edit(_ workspace: Workspace, _ change: (inout [String: JSONValue]) -> Void) throws {
        try workspace.board.withExclusiveLock {
            var fields = try load(from: workspace.board).fields
            change(&fields)
            fields["version"] = .integer(Int64(supportedVersion))
            try workspace.board.replace(fileName, with: try BoardJSON.document(fields))
        }
    }
}

/// What `coord hook pre-edit` answers for a file another agent holds.
public enum PreEditDecision: String, Sendable, CaseIterable {
    /// Refuse the edit; the model reads the reason.
    case deny
    /// Ask the person at the keyboard, showing the reason.
    case ask
    /// Let the edit through and only warn on standard error.
    case warn
}

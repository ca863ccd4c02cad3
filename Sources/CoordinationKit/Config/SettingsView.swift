import CoordStorage

/// `coord config list --json` and `coord config get KEY --json`: each setting
/// with its value, its default and whether the board's file sets it.
public struct SettingsView: Encodable, Sendable, Equatable {
    public struct Setting: Encodable, Sendable, Equatable {
        public var key: String
        public var value: String
        public var `default`: String
        /// True when `config.json` sets the key; false when the default applies.
        public var set: Bool
        public var summary: String
    }

    public var settings: [Setting]

    public init(_ board: BoardSettings, keys: [SettingKey] = SettingKey.allCases) {
        settings = keys.map { key in
            Setting(
                key: key.rawValue, value: board.text(of: key), default: BoardSettings.text(key.defaultValue),
                set: board.isSet(key), summary: key.summary)
        }
    }

    /// The text of `coord config list`: `key = value` lines, defaults marked, each with its meaning.
    public var text: String {
        let width = settings.map(\.key.count).max() ?? 0
        return settings.map { setting in
            let key = setting.key + String(repeating: " ", count: width - setting.key.count)
            let origin = setting.set ? "" : " (default)"
            return "\(key) = \(setting.value)\(origin)\n\(String(repeating: " ", count: width + 3))\(setting.summary)"
        }.joined(separator: "\n")
    }
}

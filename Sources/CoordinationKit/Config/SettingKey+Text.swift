extension SettingKey {
    /// What `coord config set` prints: `locks.ttl = 45m`.
    public func assignment(_ value: String) -> String { "\(rawValue) = \(value)" }

    /// What `coord config unset` prints, the default that now applies: `locks.ttl = 30m (default)`.
    public var defaultAssignment: String { assignment(BoardSettings().text(of: self)) + " (default)" }
}

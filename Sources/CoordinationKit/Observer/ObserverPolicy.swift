import CoordStorage
import FoundationEssentials

/// The observer's thresholds.
public struct ObserverPolicy: Sendable, Equatable {
    /// The default for `--stale-after`: an active worker silent this long is
    /// stale, and a handoff not picked up this long is waiting too long.
    public static let defaultStaleAfter: Int64 = Workers.defaultStaleAfter

    public var staleAfter: TimeInterval
    /// How long after its expiry an unreleased lock is still reported.
    public var expiredLookback: TimeInterval
    /// The agent the observer posts as.
    public var agent: AgentName
    /// An urgent message unread this long, to a blocked or stale worker, is a finding.
    public var urgentAfter: TimeInterval = Double(ObserverPolicy.defaultUrgentAfter)
    public static let defaultUrgentAfter: Int64 = 30 * 60

    public init(staleAfter: TimeInterval = Double(defaultStaleAfter), expiredLookback: TimeInterval = 24 * 3600,
                agent: AgentName) {
        self.staleAfter = staleAfter
        self.expiredLookback = expiredLookback
        self.agent = agent
    }

    /// The agent name the observer posts as unless told otherwise.
    public static let defaultAgent = "observer"
}

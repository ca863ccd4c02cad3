import CoordStorage
import FoundationEssentials

// What a keyed command gives back when its key was used before: the result
// read from the records the first call committed. It runs inside the board
// lock, before the command decides anything. See IdempotencyKey.

extension Decisions {
    /// The decision `agent` recorded (or, with other `kinds`, approved or
    /// rejected) with `key` within the window, as it stands now.
    func keyedDecision(_ key: IdempotencyKey?, by agent: AgentName, kinds: Set<DecisionEvent.Kind> = [.decided],
                       in recorded: [Stored<DecisionEvent>], now: Date) throws -> Decision? {
        guard let key else { return nil }
        let horizon = Timestamp.utc(IdempotencyKey.horizon(now))
        guard let event = recorded.last(where: {
            kinds.contains($0.value.event) && $0.value.key == key.rawValue && $0.value.actor == agent.rawValue
                && $0.value.at >= horizon
        }) else { return nil }
        let decision = try DecisionLog(recorded, zone: workspace.timeZone).require(event.value.adr)
        IdempotencyKey.noteRepeat(key, decision.id)
        return decision
    }
}

import CoordStorage
import FoundationEssentials

// What a keyed command gives back when its key was used before: the result
// read from the records the first call committed. It runs inside the board
// lock, before the command decides anything. See IdempotencyKey.

extension Workers {
    /// The last record `agent` wrote with `key` in `domain`'s journal within the window.
    func keyedRecord(_ key: IdempotencyKey?, by agent: AgentName, in domain: WorkerDomain,
                     folder: BoardDirectory) throws -> WorkerRecord? {
        guard let key else { return nil }
        return try KeyedRecords.find(WorkerRecord.self, in: folder, name: domain.fileName, key: key,
                                     now: workspace.clock.now(), where: { $0.agent == agent.rawValue && $0.key == key.rawValue }).last
    }
}

import CoordStorage
import FoundationEssentials

/// The observer's interventions in the window, from its log
/// (`.coordination/observer/log.jsonl`): every bulletin line a pass posted.
struct ObserverDigest {
    var interventions: [SynthesisReport.Intervention] = []
    /// `agent NUL message` of each intervention, to mark its bulletin entry.
    var keys: Set<String> = []
    var invalid: [InvalidLine] = []
    /// False when the board has no observer log: interventions are then read
    /// from the bulletin's words alone.
    var hasLog = false

    static func read(_ workspace: Workspace, window: SynthesisWindow) throws -> ObserverDigest {
        var digest = ObserverDigest()
        guard let folder = try ObserverFolder.open(in: workspace.board, create: false),
              folder.directory.exists(ObserverLogRecord.fileName)
        else { return digest }
        digest.hasLog = true
        let contents = try folder.log.read()
        digest.invalid = contents.invalid
        for record in contents.values where window.contains(record.at) {
            for line in record.posted {
                digest.interventions.append(SynthesisReport.Intervention(
                    at: ReportTime(record.at, in: workspace.timeZone), agent: record.agent, message: line))
                digest.keys.insert(record.agent + "\u{0}" + line)
            }
        }
        digest.interventions.sort { ($0.at, $0.agent, $0.message) < ($1.at, $1.agent, $1.message) }
        return digest
    }
}

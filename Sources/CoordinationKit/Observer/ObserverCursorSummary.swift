import CoordStorage
import FoundationEssentials

/// What `coord status` shows of the observer: when it last ran and the
/// problems it left open.
///
/// Decoded from `cursor.json` in one pass that reads only these fields, so
/// status stays flat as the cursor grows with the board (per-journal offsets,
/// marks, the problems' subjects); the full `ObserverCursor` with its kept
/// unknown fields is the observer's alone.
struct ObserverCursorSummary: Decodable {
    var version: Int
    var lastPass: Date?
    var problemKinds: [String]

    var blockingCount: Int { problemKinds.count { FindingKind(rawValue: $0)?.isBlocking == true } }

    enum CodingKeys: String, CodingKey {
        case version = "v"
        case lastPass = "last_pass"
        case problems
    }

    private struct Problem: Decodable { var finding: Kind }
    private struct Kind: Decodable { var kind: String }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        lastPass = try container.decodeInstantIfPresent(forKey: .lastPass)
        problemKinds = try container.decodeIfPresent([Problem].self, forKey: .problems)?.map(\.finding.kind) ?? []
    }
}

extension ObserverCursorStore {
    /// The summary, checked the same way as `load()`; nil before the first pass.
    func loadSummary() throws -> ObserverCursorSummary? {
        guard let bytes = try folder.read(ObserverCursor.fileName) else { return nil }
        let summary: ObserverCursorSummary
        do {
            summary = try BoardJSON.decode(ObserverCursorSummary.self, from: bytes)
        } catch {
            throw CoordError.damagedObserverCursor(path: path)
        }
        if summary.version > ObserverCursor.supportedVersion {
            throw CoordError.unsupportedFormat(path: path, found: summary.version, supported: ObserverCursor.supportedVersion)
        }
        return summary
    }
}

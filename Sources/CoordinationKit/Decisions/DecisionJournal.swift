import CoordStorage
import FoundationEssentials

/// Reads `decisions.jsonl` in one pass per line.
///
/// `Journal.read()` finds a record's unknown fields by decoding the line as
/// `[String: JSONValue]` and re-encoding the record, several passes through
/// `JSONValue`'s try-each-type decoding; for a journal that every
/// `coord decisions` folds whole, that was most of the command's time. Here
/// each line decodes straight into `DecisionEvent`, and only the fields it
/// does not name go through `JSONValue`. The rules are `Journal`'s: blank
/// lines are ignored, a line that is not a record is skipped and counted, a
/// record of a newer format is refused, unknown fields are kept.
enum DecisionJournal {
    static func read(_ board: BoardDirectory) throws -> JournalContents<DecisionEvent> {
        guard let bytes = try board.read(DecisionLog.fileName) else { return JournalContents(records: [], invalid: []) }
        let path = board.child(DecisionLog.fileName)
        let decoder = JSONDecoder()
        let lines = LineScanner.lines(of: bytes).filter { line in
            !line.bytes.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
        }
        var records: [Stored<DecisionEvent>] = []
        var invalid: [InvalidLine] = []
        for line in lines {
            guard var stored = try? decoder.decode(Line.self, from: Data(line.bytes)).stored else {
                invalid.append(InvalidLine(path: path, line: line.number ?? 0, reason: "not a valid record", text: line.text))
                continue
            }
            try check(stored, path: path)
            stored.line = line.number
            records.append(stored)
        }
        return JournalContents(records: records, invalid: invalid)
    }

    /// Refuses a record from a newer format.
    private static func check(_ stored: Stored<DecisionEvent>, path: String) throws {
        if stored.version > Journal<DecisionEvent>.supportedVersion {
            throw CoordError.unsupportedFormat(path: path, found: stored.version, supported: Journal<DecisionEvent>.supportedVersion)
        }
    }

    private struct FieldName: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Line: Decodable {
        var stored: Stored<DecisionEvent>

        init(from decoder: any Decoder) throws {
            let event = try DecisionEvent(from: decoder)
            let container = try decoder.container(keyedBy: FieldName.self)
            var extra: [String: JSONValue] = [:]
            var version = 1
            for key in container.allKeys {
                if key.stringValue == "v" {
                    version = try container.decode(Int.self, forKey: key)
                } else if !DecisionEvent.reservedNames.contains(key.stringValue) {
                    extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
                }
            }
            stored = Stored(value: event, extra: extra, version: version)
        }
    }
}

/// A journal a board may hold, as a registry entry: where it lives, which
/// files are it, and how to check every line of one (`coord doctor`).
public struct JournalKind: Sendable {
    /// The record type's name, for messages.
    public var record: String
    /// The folder under the board (nil: the board itself).
    public var folder: String?
    /// The file name, or a pattern with one `*` (`*.jsonl`, `locks-*.jsonl`).
    public var name: String
    /// Reads the journal `name` in `directory` under its record type's rules:
    /// the lines skipped (lenient), or the error that refuses it.
    public var check: @Sendable (_ directory: BoardDirectory, _ name: String) throws -> [InvalidLine]

    /// The journal of `Record`, named `name` (its `fileName` by default) in `folder`.
    public static func of<Record: JournalRecord>(_ type: Record.Type, in folder: String? = nil,
                                                 name: String = Record.fileName) -> JournalKind {
        JournalKind(record: String(describing: type), folder: folder, name: name) { directory, file in
            try RecordJournal<Record>(directory: directory, name: file).read().invalid
        }
    }

    /// True when `file` in `folder` is this journal.
    public func matches(folder: String?, file: String) -> Bool {
        guard folder == self.folder else { return false }
        guard let star = name.firstIndex(of: "*") else { return file == name }
        let prefix = name[..<star], suffix = name[name.index(after: star)...]
        return file.count >= prefix.count + suffix.count && file.hasPrefix(prefix) && file.hasSuffix(suffix)
    }
}

/// Any JSON object with a `"v"`: how a journal no record type claims is
/// checked (lines that are not JSON objects are skipped; a newer format is refused).
public struct AnyJournalRecord: JournalRecord {
    public static let fileName = "*.jsonl"
    public static let reservedFieldNames: Set<String> = []
    public var fields: [String: JSONValue]

    public init(from decoder: any Decoder) throws {
        fields = try [String: JSONValue](from: decoder)
    }
}

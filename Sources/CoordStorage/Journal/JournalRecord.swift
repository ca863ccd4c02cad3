/// What a reader does with a complete line that is not a record.
public enum JournalDamagePolicy: Sendable, Equatable {
    /// The line is skipped and reported (`JournalContents.invalid`, `coord doctor`);
    /// its neighbours are read as usual. For journals whose fold can lose a line
    /// without handing one thing to two agents (decisions, workers, the observer log).
    case lenient
    /// The journal is refused (`JournalRecord.damaged`), unless the line is a torn
    /// tail (a record cut short by a crash: it starts with `{` but does not end
    /// with `}`, or holds NUL bytes), which is skipped since its writer never
    /// finished. For journals where a lost line would hand one thing to two agents.
    case strictWithTornTail
}

/// One line of a JSON Lines journal on the board (see `RecordJournal`).
///
/// A record type names its file, the format version it reads and writes
/// (`"v"`), what a damaged line means, and the field names it uses: any other
/// field of a line is kept in `Stored.extra` when a reader asks for unknown
/// fields, so a record written by a newer coord or edited by hand survives a
/// rewrite (compaction, import, export) intact.
public protocol JournalRecord: JournalProjection, Sendable {
    /// The journal's file name in its folder (`locks.jsonl`). A concept with one
    /// journal per subject (workers) passes the subject's name to `RecordJournal`.
    static var fileName: String { get }
    /// The newest `"v"` this coord reads and writes; a line with a higher one is refused.
    static var formatVersion: Int { get }
    static var damagePolicy: JournalDamagePolicy { get }
    /// The fields the record decodes and encodes itself (`"v"` need not be listed).
    static var reservedFieldNames: Set<String> { get }
    /// The error for a damaged line under `.strictWithTornTail`.
    static func damaged(path: String, line: Int) -> CoordError
}

extension JournalRecord {
    public static var formatVersion: Int { 1 }
    public static var damagePolicy: JournalDamagePolicy { .lenient }

    public static func damaged(path: String, line: Int) -> CoordError {
        CoordError(.damaged, "'\(path)' line \(line) is not a record coord can read; correct or delete that line by hand.")
    }
}

/// A type a journal line decodes into: a record, or a view of a few of its
/// fields for a reader that needs no more (`RecordJournal.scanBackward(as:)`).
public protocol JournalProjection: Decodable {
    /// The line's `"v"`, when the type decodes it itself; nil lets the reader
    /// look it up. Decoding it with the other fields spares a second keyed
    /// container per line, which is most of what reading a record costs besides
    /// the record (the lock journal is read by every lock command).
    var decodedVersion: Int? { get }
}

extension JournalProjection {
    public var decodedVersion: Int? { nil }
}

/// The "what happened" of a record (`"event"`, `"kind"`): an open set of
/// names, so that a kind written by a newer coord is read, kept and ignored
/// by the folds instead of refusing the journal.
///
/// A conforming type is a struct with `rawValue` and `init(rawValue:)` and its
/// known kinds as static constants; coding (as a bare JSON string) and
/// `description` come from here.
public protocol OpenRecordKind: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
}

extension OpenRecordKind {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

import FoundationEssentials

/// A JSON Lines journal on the board: one record per line, appended, never
/// rewritten in place. Locks, tasks, decisions, workers and the observer log
/// are each a `RecordJournal`, and their current state is a fold over its
/// records (`JournalFold`).
///
/// - Writing: `append` encodes a batch of records (sorted keys, `"v"`) and
///   lands it with one `write(2)` whose length is checked (`BoardFile.append`),
///   so a batch is on disk whole or not at all. When what is written depends
///   on the journal's state, read, decide and append inside the board lock.
/// - Reading forward: `read(from:options:)` decodes each complete line once,
///   straight into the record type; an unterminated last line is a write in
///   progress or a torn tail and is never returned. Damaged lines follow the
///   record's `JournalDamagePolicy`; a record of a newer format is refused.
/// - Reading backward: `scanBackward` and `last` read from the end of the file,
///   so a status view pays for the lines it visits, not for the history.
public struct RecordJournal<Record: JournalRecord>: Sendable {
    public let directory: BoardDirectory
    public let name: String

    public init(directory: BoardDirectory, name: String = Record.fileName) {
        self.directory = directory
        self.name = name
    }

    public var path: String { directory.child(name) }

    /// The size of the journal in bytes (0 when it does not exist): where the next append lands.
    public func size() throws -> Int64 {
        try directory.openFile(name, mode: .readOnly)?.size() ?? 0
    }

    // MARK: Reading forward

    public typealias ReadOptions = JournalReadOptions

    /// Reads every complete line from byte `offset` (0, or where an earlier read's
    /// `end` left off, which is always the start of a line) to the end of the file.
    /// A missing journal reads as empty; an `offset` beyond the end reads nothing
    /// (the journal was replaced by a shorter one: compare `size`).
    public func read(from offset: Int64 = 0, options: ReadOptions = []) throws -> JournalContents<Record> {
        guard let file = try directory.openFile(name, mode: .readOnly) else {
            return JournalContents(start: offset, size: 0)
        }
        let size = try file.size()
        guard offset < size else { return JournalContents(start: offset, size: size) }
        let bytes = offset == 0 ? try file.readAll() : try file.read(offset ..< size)
        return try Self.parse(bytes, startingAt: offset, path: path, options: options)
    }

    /// Reads `bytes` as this journal's lines (an archive, a copy): what `read` does after reading the file.
    /// Line numbers are counted from `startingAt` 0 only; a read from an offset cannot know them.
    public static func parse(_ bytes: [UInt8], startingAt base: Int64 = 0, path: String,
                             options: ReadOptions = []) throws -> JournalContents<Record> {
        options.contains(.unknownFields)
            ? try parse(bytes, startingAt: base, path: path, options: options, mode: KeepingUnknownFields.self)
            : try parse(bytes, startingAt: base, path: path, options: options, mode: KnownFieldsOnly.self)
    }

    private static func parse<Mode: FieldCapture>(_ bytes: [UInt8], startingAt base: Int64, path: String,
                                                  options: ReadOptions, mode: Mode.Type) throws -> JournalContents<Record> {
        var contents = JournalContents<Record>(start: base, size: base + Int64(bytes.count))
        let lines = LineScanner.lines(of: bytes, startingAt: base)
        if let last = lines.last { contents.end = last.offset + Int64(last.bytes.count) + 1 } else { contents.end = base }
        if options.contains(.lines) {
            contents.bytes = bytes
            contents.lines.reserveCapacity(lines.count)
        }
        let numbered = base == 0
        let content = lines.filter { !JournalLineCheck.isBlank($0.bytes) }
        if options.contains(.lines) {
            for line in lines {
                contents.lines.append(JournalLine(range: line.bytes.startIndex ..< line.bytes.endIndex, record: nil))
            }
        }
        // Fast path: every line decoded in one call, as one JSON array; the
        // decoder's setup is paid once instead of once per line. Any line that
        // is not a record makes the batch fail, and the lines are read one by one.
        if let batch = Self.batch(lines, content: content, of: bytes, base: base, mode: Mode.self), batch.count == content.count {
            contents.records.reserveCapacity(batch.count)
            var lineIndex = 0
            for (line, decoded) in zip(content, batch) {
                contents.records.append(decoded.stored(line: numbered ? line.number : nil))
                if options.contains(.lines) {
                    while lines[lineIndex].offset != line.offset { lineIndex += 1 }
                    contents.lines[lineIndex].record = contents.records.count - 1
                }
            }
            return contents
        }
        let decoder = JSONDecoder()
        var lineIndex = 0
        for line in content {
            let decoded: DecodedLine<Record, Mode>
            do {
                decoded = try decoder.decode(DecodedLine<Record, Mode>.self, from: Data(line.bytes))
            } catch let error as CoordError {
                throw error
            } catch let newer as NewerRecord {
                throw CoordError.unsupportedFormat(path: path, found: newer.version, supported: Record.formatVersion)
            } catch {
                switch Record.damagePolicy {
                case .lenient:
                    contents.invalid.append(InvalidLine(path: path, line: numbered ? line.number ?? 0 : 0,
                                                        reason: "not a valid record", text: line.text))
                case .strictWithTornTail:
                    guard JournalLineCheck.isTorn(line.bytes) else {
                        throw Record.damaged(path: path, line: numbered ? line.number ?? 0 : 0)
                    }
                    contents.torn += 1
                }
                continue
            }
            contents.records.append(decoded.stored(line: numbered ? line.number : nil))
            if options.contains(.lines) {
                while lines[lineIndex].offset != line.offset { lineIndex += 1 }
                contents.lines[lineIndex].record = contents.records.count - 1
            }
        }
        return contents
    }

    /// The lines of `bytes` from the first record-like line to the last, as one
    /// JSON array: copied once, each separating newline turned into `,` (or a
    /// space after a blank line).
    private static func batch<Mode: FieldCapture>(_ lines: [FileLine], content: [FileLine], of bytes: [UInt8], base: Int64,
                                                  mode: Mode.Type) -> [DecodedLine<Record, Mode>]? {
        guard let first = content.first, let last = content.last else { return [] }
        let start = Int(first.offset - base), end = Int(last.offset - base) + last.bytes.count
        var array = Data(count: end - start + 2)
        array.withUnsafeMutableBytes { output in
            bytes.withUnsafeBytes { input in
                output[0] = UInt8(ascii: "[")
                output.baseAddress!.advanced(by: 1).copyMemory(from: input.baseAddress!.advanced(by: start), byteCount: end - start)
                output[end - start + 1] = UInt8(ascii: "]")
            }
            for line in lines {
                let newline = Int(line.offset - base) + line.bytes.count
                guard newline >= start, newline < end else { continue }
                output[newline - start + 1] = JournalLineCheck.isBlank(line.bytes) ? UInt8(ascii: " ") : UInt8(ascii: ",")
            }
        }
        return try? JSONDecoder().decode([DecodedLine<Record, Mode>].self, from: array)
    }

    // MARK: Writing

    /// Appends `records` in one write (so they land together or not at all), each
    /// a line with sorted keys and `"v"`. Inside the board lock when the records
    /// depend on the journal's state. Returns where the batch landed.
    @discardableResult
    public func append(_ records: [Record]) throws -> BoardFile.Placement? where Record: Encodable {
        try append(records.map { Stored(value: $0, version: Record.formatVersion) })
    }

    /// Appends records with the unknown fields they were read with.
    @discardableResult
    public func append(_ records: [Stored<Record>]) throws -> BoardFile.Placement? where Record: Encodable {
        guard !records.isEmpty else { return nil }
        return try directory.openOrCreate(name, mode: .append).append(try Self.lines(records))
    }

    /// The bytes `append` writes for `records`.
    public static func lines(_ records: [Stored<Record>]) throws -> [UInt8] where Record: Encodable {
        var bytes: [UInt8] = []
        for record in records {
            bytes += try BoardJSON.line(record)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Replaces the whole journal atomically (write + rename): compaction. Inside the board lock only.
    public func replace(with bytes: [UInt8]) throws {
        try directory.replace(name, with: bytes)
    }
}

/// What a reader keeps besides the records.
public struct JournalReadOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Fields the record type does not name go to `Stored.extra` (for anything that rewrites records).
    public static let unknownFields = JournalReadOptions(rawValue: 1)
    /// The bytes read and every line's byte range (for compaction, which moves lines as they are).
    public static let lines = JournalReadOptions(rawValue: 2)
}

/// What a forward read found.
public struct JournalContents<Record: JournalRecord>: Sendable {
    /// The records, oldest first, each with its line number (reads from the start) and `"v"`.
    public var records: [Stored<Record>] = []
    /// Lines skipped under `.lenient` (for `coord doctor` and data-quality notes).
    public var invalid: [InvalidLine] = []
    /// Torn lines skipped under `.strictWithTornTail`.
    public var torn = 0
    /// The byte offset reading started at.
    public var start: Int64
    /// Just past the last complete line read: where a later read of only the new lines starts.
    public var end: Int64
    /// The file's size when read: where the next append lands (after a torn tail, if any).
    public var size: Int64
    /// With `.lines`: the bytes read (from `start`).
    public var bytes: [UInt8] = []
    /// With `.lines`: every complete line, blank and damaged ones included, in order.
    public var lines: [JournalLine] = []

    public var values: [Record] { records.map(\.value) }

    public init(records: [Stored<Record>] = [], invalid: [InvalidLine] = [], start: Int64 = 0, size: Int64 = 0) {
        self.records = records
        self.invalid = invalid
        self.start = start
        self.end = start
        self.size = size
    }

    /// Folds the records into `state` (see `JournalFold`).
    public func fold<Fold: JournalFold>(into state: inout Fold) where Fold.Record == Record {
        for record in records { state.apply(record) }
    }
}

/// A complete line of a journal read with `.lines`.
public struct JournalLine: Sendable {
    /// The line's bytes within `JournalContents.bytes`, without the newline.
    public var range: Range<Int>
    /// Its index in `JournalContents.records`, when the line is a record.
    public var record: Int?
}

/// A line that could not be read, for `coord doctor` and data-quality notes.
public struct InvalidLine: Codable, Sendable, Equatable {
    public var path: String
    public var line: Int
    public var reason: String
    public var text: String

    public init(path: String, line: Int, reason: String, text: String) {
        self.path = path
        self.line = line
        self.reason = reason
        self.text = text
    }
}

/// A record read from (or written to) a journal, with what the record type does not model.
public struct Stored<Record: Sendable>: Sendable {
    public var value: Record
    /// Fields present in the line but not in `Record`, kept verbatim (read with `.unknownFields`).
    public var extra: [String: JSONValue]
    /// The record format version (`"v"`; 1 when absent).
    public var version: Int
    /// The 1-based line number the record was read from (forward reads from the start).
    public var line: Int?

    public init(value: Record, extra: [String: JSONValue] = [:], version: Int = 1) {
        self.value = value
        self.extra = extra
        self.version = version
    }
}

extension Stored: Encodable where Record: Encodable {
    /// The unknown fields, then the record's own (which win on a clash), then `"v"`.
    public func encode(to encoder: any Encoder) throws {
        if !extra.isEmpty {
            var container = encoder.container(keyedBy: FieldName.self)
            for (key, value) in extra where key != "v" { try container.encode(value, forKey: FieldName(key)) }
        }
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: FieldName.self)
        try container.encode(version, forKey: FieldName("v"))
    }
}

extension Stored: Decodable where Record: Decodable {
    /// A whole JSON document (a cache, a settings file) with its unknown fields and `"v"`.
    public init(from decoder: any Decoder) throws {
        value = try Record(from: decoder)
        let container = try decoder.container(keyedBy: FieldName.self)
        version = try container.decodeIfPresent(Int.self, forKey: FieldName("v")) ?? 1
        let known = try Self.keys(of: value)
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where key.stringValue != "v" && !known.contains(key.stringValue) {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.extra = extra
    }

    /// The names `value` encodes (documents have no `reservedFieldNames`).
    private static func keys(of value: Record) throws -> Set<String> {
        guard let encodable = value as? any Encodable,
              case .object(let fields) = try BoardJSON.decode(JSONValue.self, from: BoardJSON.line(encodable))
        else { return [] }
        return Set(fields.keys)
    }
}

/// Any JSON object key.
struct FieldName: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A line of a newer format than this coord reads.
struct NewerRecord: Error { var version: Int }

/// The line's `"v"` (1 when absent).
func lineVersion(_ decoder: any Decoder) throws -> Int {
    try decoder.container(keyedBy: FieldName.self).decodeIfPresent(Int.self, forKey: FieldName("v")) ?? 1
}

/// Decodes `type`; when that fails, a line of a newer format than `newest` is
/// reported as such (`NewerRecord`) rather than as damage.
func decodeVersioned<T: Decodable>(_ type: T.Type, newest: Int, from decoder: any Decoder) throws -> T {
    do {
        return try T(from: decoder)
    } catch {
        if let version = try? lineVersion(decoder), version > newest { throw NewerRecord(version: version) }
        throw error
    }
}

/// One journal line decoded in one pass: the record, its `"v"` (a newer format
/// is refused, even when its line does not decode as this coord's record), and,
/// when asked, the fields the record does not name.
struct DecodedLine<Record: JournalRecord, Mode: FieldCapture>: Decodable {
    var record: Record
    var version: Int
    var extra: [String: JSONValue]

    init(from decoder: any Decoder) throws {
        record = try decodeVersioned(Record.self, newest: Record.formatVersion, from: decoder)
        extra = [:]
        if Mode.keepsUnknownFields {
            let container = try decoder.container(keyedBy: FieldName.self)
            version = try container.decodeIfPresent(Int.self, forKey: FieldName("v")) ?? 1
            let reserved = Record.reservedFieldNames
            for key in container.allKeys where key.stringValue != "v" && !reserved.contains(key.stringValue) {
                extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
            }
        } else {
            version = try record.decodedVersion ?? lineVersion(decoder)
        }
        if version > Record.formatVersion { throw NewerRecord(version: version) }
    }

    func stored(line: Int?) -> Stored<Record> {
        var stored = Stored(value: record, extra: extra, version: version)
        stored.line = line
        return stored
    }
}

/// Whether a read keeps the fields a record does not name (a type, so the
/// choice is made once per read, not once per line).
protocol FieldCapture { static var keepsUnknownFields: Bool { get } }
enum KnownFieldsOnly: FieldCapture { static var keepsUnknownFields: Bool { false } }
enum KeepingUnknownFields: FieldCapture { static var keepsUnknownFields: Bool { true } }

/// How a journal line is classified before and after decoding.
package enum JournalLineCheck {
    /// Only spaces, tabs and carriage returns: not a record, not damage.
    package static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// A record cut short by a crash: starts with `{` but does not end with `}`, or holds NUL bytes.
    package static func isTorn(_ bytes: ArraySlice<UInt8>) -> Bool {
        let content = bytes.filter { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
        return content.first == UInt8(ascii: "{") && content.last != UInt8(ascii: "}") || content.contains(0)
    }
}

/// A JSON Lines journal on the board: one record per line, appended with one
/// `write(2)`, never rewritten in place. Locks, decisions and workers are each
/// a journal, and their current state is a fold over its records.
///
/// Every line carries `"v"`, the record format version. A record from a newer
/// format is refused ("supported up to N"); a line that is not a JSON object
/// of the expected shape is skipped and counted, and never takes its
/// neighbours with it. Fields this coord does not know are kept (`extra`).
public struct Journal<Record: Codable & Sendable>: Sendable {
    public static var supportedVersion: Int { 1 }

    public let directory: BoardDirectory
    public let name: String

    public init(directory: BoardDirectory, name: String) {
        self.directory = directory
        self.name = name
    }

    public var path: String { directory.child(name) }

    /// Appends records as one write (so several records land together or not at all).
    /// Call inside `withExclusiveLock` when the records depend on the journal's state.
    @discardableResult
    public func append(_ records: [Record]) throws -> BoardFile.Placement {
        try append(records.map { Stored(value: $0) })
    }

    /// Appends stored records, keeping their unknown fields.
    @discardableResult
    public func append(_ records: [Stored<Record>]) throws -> BoardFile.Placement {
        var bytes: [UInt8] = []
        for record in records {
            bytes += try BoardJSON.line(record)
            bytes.append(UInt8(ascii: "\n"))
        }
        let file = try directory.openOrCreate(name, mode: .append)
        return try file.append(bytes)
    }

    /// Reads every complete line. A missing journal reads as empty.
    public func read() throws -> JournalContents<Record> {
        guard let bytes = try directory.read(name) else { return JournalContents(records: [], invalid: []) }
        return try Self.parse(bytes, path: path)
    }

    /// Replaces the whole journal atomically (compaction). Inside the board lock only.
    public func replace(with records: [Stored<Record>]) throws {
        var bytes: [UInt8] = []
        for record in records {
            bytes += try BoardJSON.line(record)
            bytes.append(UInt8(ascii: "\n"))
        }
        try directory.replace(name, with: bytes)
    }

    package static func parse(_ bytes: [UInt8], path: String) throws -> JournalContents<Record> {
        var records: [Stored<Record>] = []
        var invalid: [InvalidLine] = []
        for line in LineScanner.lines(of: bytes) {
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                continue
            }
            do {
                var stored = try BoardJSON.decode(Stored<Record>.self, from: line.bytes)
                if stored.version > supportedVersion {
                    throw CoordError.unsupportedFormat(path: path, found: stored.version, supported: supportedVersion)
                }
                stored.line = line.number
                records.append(stored)
            } catch let error as CoordError {
                throw error
            } catch {
                invalid.append(InvalidLine(path: path, line: line.number ?? 0, reason: "not a valid record", text: line.text))
            }
        }
        return JournalContents(records: records, invalid: invalid)
    }
}

public struct JournalContents<Record: Codable & Sendable>: Sendable {
    public var records: [Stored<Record>]
    public var invalid: [InvalidLine]

    public var values: [Record] { records.map(\.value) }

    public init(records: [Stored<Record>], invalid: [InvalidLine]) {
        self.records = records
        self.invalid = invalid
    }
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

/// A journal record together with the fields this coord does not model.
public struct Stored<Record: Codable & Sendable>: Codable, Sendable {
    public var value: Record
    /// Fields present in the line but not in `Record`, kept verbatim.
    public var extra: [String: JSONValue]
    /// The record format version (`"v"`).
    public var version: Int
    /// The 1-based line number the record was read from.
    public var line: Int?

    public init(value: Record, extra: [String: JSONValue] = [:], version: Int = 1) {
        self.value = value
        self.extra = extra
        self.version = version
    }

    public init(from decoder: any Decoder) throws {
        let all = try [String: JSONValue](from: decoder)
        value = try Record(from: decoder)
        let known = try Self.keys(of: value)
        version = Int(all["v"]?.integerValue ?? 1)
        extra = all.filter { !known.contains($0.key) && $0.key != "v" }
    }

    public func encode(to encoder: any Encoder) throws {
        var object = extra
        if case .object(let fields) = try Self.jsonObject(value) {
            object.merge(fields) { _, new in new }
        }
        object["v"] = .integer(Int64(version))
        try object.encode(to: encoder)
    }

    private static func jsonObject(_ value: Record) throws -> JSONValue {
        try BoardJSON.decode(JSONValue.self, from: BoardJSON.line(value))
    }

    private static func keys(of value: Record) throws -> Set<String> {
        guard case .object(let fields) = try jsonObject(value) else { return [] }
        return Set(fields.keys)
    }
}

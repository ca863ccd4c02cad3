import CoordStorage

/// A journal line written without `JSONEncoder`, byte for byte what
/// `BoardJSON.line` writes (keys sorted, `/` not escaped), for the records a
/// claim writes. A claim writes two records, and `JSONEncoder`'s first use in a
/// process costs about a million instructions of generic type lookups, more
/// than the rest of the encoding. Only strings of printable ASCII without `"`
/// or `\` are written here (they need no escaping); with any other string
/// `line` is nil and the caller encodes the record with `BoardJSON.line`.
struct PlainJSONLine {
    private var fields: [(key: String, value: [UInt8])] = []
    private var plain = true

    init() { fields.reserveCapacity(16) }

    mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        guard let quoted = Self.quoted(value) else { return plain = false }
        fields.append((key, quoted))
    }

    mutating func strings(_ key: String, _ values: [String]?) {
        guard let values else { return }
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            guard let quoted = Self.quoted(value) else { return plain = false }
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += quoted
        }
        bytes.append(UInt8(ascii: "]"))
        fields.append((key, bytes))
    }

    mutating func number(_ key: String, _ value: Int64?) {
        if let value { fields.append((key, Array(String(value).utf8))) }
    }

    mutating func number(_ key: String, _ value: UInt64) { fields.append((key, Array(String(value).utf8))) }

    mutating func bool(_ key: String, _ value: Bool?) {
        if let value { fields.append((key, Array((value ? "true" : "false").utf8))) }
    }

    /// The line (without its newline), or nil when a string needs escaping.
    func line() -> [UInt8]? {
        guard plain else { return nil }
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(256)
        for (index, field) in fields.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes += field.key.utf8
            bytes += [UInt8(ascii: "\""), UInt8(ascii: ":")]
            bytes += field.value
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static func quoted(_ value: String) -> [UInt8]? {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes.reserveCapacity(value.utf8.count + 2)
        for byte in value.utf8 {
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\") else { return nil }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
        return bytes
    }
}

extension TaskEvent {
    /// `BoardJSON.line(self)` (`PlainJSONLine` when it can).
    func journalLine() throws -> [UInt8] {
        var line = PlainJSONLine()
        line.string("id", id)
        line.string("event", event.rawValue)
        line.string("at", Timestamp.utc(at))
        line.string("task", task)
        line.string("actor", actor)
        line.string("title", title)
        line.string("body", body)
        line.strings("after", after)
        line.number("priority", priority.map(Int64.init))
        line.string("due", due.map(Timestamp.utc))
        line.strings("paths", paths)
        line.string("domain", domain)
        line.strings("tags", tags)
        line.number("token", token)
        line.string("expires", expires.map(Timestamp.utc))
        line.number("ttl", ttl)
        line.bool("locked", locked)
        line.string("note", note)
        line.string("key", key)
        line.string("reason", reason)
        if let process {
            line.string("host", process.host)
            line.number("pid", Int64(process.pid))
            line.number("started", process.started)
        }
        line.number("v", Int64(Self.formatVersion))
        return try line.line() ?? BoardJSON.line(self)
    }
}

extension LockEvent {
    /// `BoardJSON.line(self)` (`PlainJSONLine` when it can).
    func journalLine() throws -> [UInt8] {
        var line = PlainJSONLine()
        line.string("id", id)
        line.string("event", event.rawValue)
        line.string("at", Timestamp.utc(at))
        line.number("token", token)
        line.string("path", path?.description)
        line.string("holder", holder)
        line.string("expires", expires.map(Timestamp.utc))
        line.number("ttl", ttl)
        line.string("intent", intent)
        line.string("by", by)
        line.string("reason", reason)
        line.string("archive", archive)
        line.number("archived", archived.map(Int64.init))
        line.string("key", key)
        if let process {
            line.string("host", process.host)
            line.number("pid", Int64(process.pid))
            line.number("started", process.started)
        }
        line.number("v", Int64(Self.formatVersion))
        return try line.line() ?? BoardJSON.line(self)
    }
}

import FoundationEssentials

extension RecordJournal {
    /// Visits records from the end of the journal towards its start until
    /// `visit` returns false: the cost follows the lines visited, not the
    /// length of the history. Each line is decoded as `Projection`, the record
    /// itself or a view of the few fields a caller needs; `"v"` is checked
    /// against `Record.formatVersion` first. Damaged lines follow the record's
    /// policy; unknown fields are not kept (use `read` for anything that rewrites).
    /// Line numbers are unknown from the tail (`Stored.line` is nil).
    public func scanBackward<Projection: JournalProjection>(
        as projection: Projection.Type, chunkSize: Int = 64 * 1024,
        _ visit: (Stored<Projection>) throws -> Bool
    ) throws {
        try scanBackward(as: projection, chunkSize: chunkSize, choosing: { _ in .decode }, visit)
    }

    /// Visits records from the end like `scanBackward(as:)`, first showing each
    /// line's bytes to `choose`, which can pass over a line without paying for
    /// its decoding (a lookup of one id among many records) or end the scan (a
    /// line older than what is looked for).
    public func scanBackward<Projection: JournalProjection>(
        as projection: Projection.Type, chunkSize: Int = 64 * 1024,
        choosing choose: (ArraySlice<UInt8>) -> JournalLineChoice,
        _ visit: (Stored<Projection>) throws -> Bool
    ) throws {
        guard let file = try directory.openFile(name, mode: .readOnly) else { return }
        let decoder = JSONDecoder()
        var failure: (any Error)? = nil
        try LineScanner.scanBackward(file, endingAt: try file.size(), chunkSize: chunkSize) { line in
            if JournalLineCheck.isBlank(line.bytes) { return true }
            switch choose(line.bytes) {
            case .decode: break
            case .skip: return true
            case .stop: return false
            }
            let decoded: ProjectedLine<Record, Projection>
            do {
                decoded = try decoder.decode(ProjectedLine<Record, Projection>.self, from: Data(line.bytes))
            } catch let newer as NewerRecord {
                failure = CoordError.unsupportedFormat(path: path, found: newer.version, supported: Record.formatVersion)
                return false
            } catch {
                if Record.damagePolicy == .strictWithTornTail && !JournalLineCheck.isTorn(line.bytes) {
                    failure = Record.damaged(path: path, line: 0)
                    return false
                }
                return true
            }
            return try visit(Stored(value: decoded.value, version: decoded.version))
        }
        if let failure { throw failure }
    }

    /// Visits records from the end of the journal (see `scanBackward(as:)`).
    public func scanBackward(chunkSize: Int = 64 * 1024, _ visit: (Stored<Record>) throws -> Bool) throws {
        try scanBackward(as: Record.self, chunkSize: chunkSize, visit)
    }

    /// Just past the last complete line of the journal's first `size` bytes (all
    /// of it when nil), read from the end; 0 when there is none or no journal:
    /// where a reader that passes over the history starts.
    public func end(before size: Int64? = nil) throws -> Int64 {
        guard let file = try directory.openFile(name, mode: .readOnly) else { return 0 }
        var end: Int64 = 0
        try LineScanner.scanBackward(file, endingAt: try size ?? file.size()) { line in
            end = line.offset + Int64(line.bytes.count) + 1
            return false
        }
        return end
    }

    /// The last record, read from the end of the file.
    public func last() throws -> Record? {
        var found: Record? = nil
        try scanBackward { found = $0.value; return false }
        return found
    }

    /// The last `limit` records, oldest first, read from the end of the file.
    public func last(_ limit: Int) throws -> [Record] {
        guard limit > 0 else { return [] }
        var records: [Record] = []
        try scanBackward { records.append($0.value); return records.count < limit }
        return records.reversed()
    }
}

/// What `scanBackward(as:choosing:_:)` does with a line, seen before it is decoded.
public enum JournalLineChoice: Sendable {
    /// Decode it and visit the record.
    case decode
    /// Pass over it.
    case skip
    /// End the scan here.
    case stop
}

/// A line decoded as a projection of `Record`, after its `"v"` is checked.
struct ProjectedLine<Record: JournalRecord, Projection: JournalProjection>: Decodable {
    var value: Projection
    var version: Int

    init(from decoder: any Decoder) throws {
        value = try decodeVersioned(Projection.self, newest: Record.formatVersion, from: decoder)
        version = try value.decodedVersion ?? lineVersion(decoder)
        if version > Record.formatVersion { throw NewerRecord(version: version) }
    }
}

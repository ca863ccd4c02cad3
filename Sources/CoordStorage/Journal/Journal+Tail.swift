extension Journal {
    /// The last valid record, read from the end of the file: the cost follows
    /// the lines visited, not the length of the history. Lines that are not
    /// records (torn, hand-edited) are passed over, as `read()` skips them.
    ///
    /// Only the record is decoded (its unknown fields are not kept), which is
    /// what a status check needs; use `read()` for anything that rewrites.
    public func last() throws -> Record? {
        guard let file = try directory.openFile(name, mode: .readOnly) else { return nil }
        var found: Record? = nil
        var failure: CoordError? = nil
        try LineScanner.scanBackward(file, endingAt: try file.size()) { line in
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                return true
            }
            guard let record = try? BoardJSON.decode(Record.self, from: line.bytes),
                  let probe = try? BoardJSON.decode(RecordVersion.self, from: line.bytes)
            else { return true }
            let version = probe.v ?? 1
            if version > Self.supportedVersion {
                failure = CoordError.unsupportedFormat(path: path, found: version, supported: Self.supportedVersion)
            } else {
                found = record
            }
            return false
        }
        if let failure { throw failure }
        return found
    }
}

/// Just the `"v"` of a journal line.
private struct RecordVersion: Decodable {
    var v: Int?
}

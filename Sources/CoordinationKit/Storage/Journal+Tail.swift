extension Journal {
    /// The last valid record, read from the end of the file: the cost follows
    /// the lines visited, not the length of the history. Lines that are not
    /// records (torn, hand-edited) are passed over, as `read()` skips them.
    public func last() throws -> Stored<Record>? {
        guard let file = try directory.openFile(name, mode: .readOnly) else { return nil }
        var found: Stored<Record>? = nil
        var failure: CoordError? = nil
        try LineScanner.scanBackward(file, endingAt: try file.size()) { line in
            if line.bytes.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                return true
            }
            guard let stored = try? BoardJSON.decode(Stored<Record>.self, from: line.bytes) else { return true }
            if stored.version > Self.supportedVersion {
                failure = CoordError.unsupportedFormat(path: path, found: stored.version, supported: Self.supportedVersion)
            } else {
                found = stored
            }
            return false
        }
        if let failure { throw failure }
        return found
    }
}

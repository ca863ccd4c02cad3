/// An open board file. Appends are single `write(2)` calls on an `O_APPEND`
/// descriptor, which Linux never tears or interleaves with other appenders.
public final class BoardFile {
    public let path: String
    package let descriptor: Int32

    package init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { SystemCall.close(descriptor) }

    public func size() throws -> Int64 {
        guard let status = SystemCall.status(of: descriptor) else {
            throw CoordError.io("inspect", path: path, errno: SystemCall.lastError)
        }
        return status.size
    }

    /// Where an appended record landed: `start ..< end` in the file.
    public struct Placement: Sendable, Equatable {
        public var start: Int64
        public var end: Int64
    }

    /// Appends `record` (which must end in a newline) with exactly one `write(2)`.
    ///
    /// If the file does not end in a newline (a torn or hand-written tail), a
    /// newline is put in front, in the same write, so the tail never merges
    /// with the record. Call this inside the board lock when the record depends
    /// on what the file holds; a plain append needs no lock.
    @discardableResult
    public func append(_ record: [UInt8]) throws -> Placement {
        precondition(record.last == UInt8(ascii: "\n"), "records end in a newline")
        let currentSize = try size()
        var bytes = record
        if currentSize > 0, try byte(at: currentSize - 1) != UInt8(ascii: "\n") {
            bytes.insert(UInt8(ascii: "\n"), at: 0)
        }
        let written = bytes.withUnsafeBytes { SystemCall.writeOnce(descriptor, $0) }
        guard written == bytes.count else {
            let code = SystemCall.lastError
            if written > 0 { retractShortWrite(of: written) }
            if written < 0 { throw CoordError.io("append to", path: path, errno: code) }
            throw CoordError(
                .io,
                "Only \(written) of \(bytes.count) bytes reached '\(path)' (is the disk full?), and they were taken back, so nothing was recorded; free space and retry."
            )
        }
        // After an O_APPEND write the offset is the end of what this write put there,
        // even when another process appended in between.
        let end = SystemCall.currentOffset(descriptor)
        let recordStart = end - Int64(record.count)
        return Placement(start: recordStart, end: end)
    }

    /// Takes back the `count` bytes a short write just left at the end of the
    /// file, so that no later writer completes them into a line and no reader
    /// reads them as a record. Only when the file still ends where that write
    /// ended: bytes someone appended after it are never cut. The board lock,
    /// held by every coord writer, makes that the only case in practice.
    private func retractShortWrite(of count: Int) {
        let end = SystemCall.currentOffset(descriptor)
        guard end >= Int64(count), let now = try? size(), now == end else { return }
        _ = SystemCall.truncate(descriptor, to: end - Int64(count))
    }

    /// Writes `bytes` from offset 0 (used only on a fresh temporary file).
    package func writeAll(_ bytes: [UInt8], at start: Int64 = 0) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                SystemCall.positionedWrite(descriptor, UnsafeRawBufferPointer(rebasing: $0[offset...]), at: start + Int64(offset))
            }
            guard n > 0 else { throw CoordError.io("write", path: path, errno: SystemCall.lastError) }
            offset += n
        }
    }

    /// Overwrites `bytes` at `offset` (small fixed-size fields of index files).
    package func overwrite(_ bytes: [UInt8], at offset: Int64) throws {
        let n = bytes.withUnsafeBytes { SystemCall.positionedWrite(descriptor, $0, at: offset) }
        guard n == bytes.count else { throw CoordError.io("write", path: path, errno: SystemCall.lastError) }
    }

    package func truncate(to length: Int64) throws {
        guard SystemCall.truncate(descriptor, to: length) else {
            throw CoordError.io("truncate", path: path, errno: SystemCall.lastError)
        }
    }

    package func byte(at offset: Int64) throws -> UInt8 {
        let bytes = try read(offset ..< offset + 1)
        guard let first = bytes.first else { throw CoordError.io("read", path: path, errno: SystemCall.lastError) }
        return first
    }

    /// Reads `range`, or less when the file is shorter.
    public func read(_ range: Range<Int64>) throws -> [UInt8] {
        let count = Int(range.upperBound - range.lowerBound)
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = buffer.withUnsafeMutableBytes {
                SystemCall.positionedRead(
                    descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), at: range.lowerBound + Int64(filled))
            }
            if n < 0 { throw CoordError.io("read", path: path, errno: SystemCall.lastError) }
            if n == 0 { break }
            filled += n
        }
        if filled < count { buffer.removeSubrange(filled...) }
        return buffer
    }

    public func readAll() throws -> [UInt8] {
        try read(0 ..< size())
    }
}

/// The board's critical section: `flock(LOCK_EX)` on `.coordination/.lock`.
///
/// The kernel drops an flock when its holder dies, so a crashed writer never
/// wedges the board. Shell scripts join the same protocol with
/// `flock .coordination/.lock cmd` (util-linux).
struct BoardLock {
    package static let fileName = ".lock"
    /// Open for as long as the lock is held; closing it would drop the lock.
    private let file: BoardFile

    /// Opens the lock file by the rule every board file follows (no symlink,
    /// a regular file with one link), then waits for the lock.
    package static func acquire(in directory: BoardDirectory) throws -> BoardLock {
        let file = try directory.openOrCreate(fileName, mode: .readWrite)
        guard SystemCall.lockExclusive(file.descriptor) else {
            throw CoordError.io("lock", path: file.path, errno: SystemCall.lastError)
        }
        return BoardLock(file: file)
    }

    package func release() {
        SystemCall.unlock(file.descriptor)
    }
}

/// How a board file is opened.
public enum FileAccess: Sendable { case readOnly, readWrite, append }

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
            if written < 0 { throw CoordError.io("append to", path: path, errno: SystemCall.lastError) }
            throw CoordError(
                .io,
                "Only \(written) of \(bytes.count) bytes reached '\(path)' (is the disk full?); the partial line will be skipped by readers, so free space and retry."
            )
        }
        // After an O_APPEND write the offset is the end of what this write put there,
        // even when another process appended in between.
        let end = SystemCall.currentOffset(descriptor)
        let recordStart = end - Int64(record.count)
        return Placement(start: recordStart, end: end)
    }

    /// Writes `bytes` from offset 0 (used only on a fresh temporary file).
    package func writeAll(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                SystemCall.positionedWrite(descriptor, UnsafeRawBufferPointer(rebasing: $0[offset...]), at: Int64(offset))
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
    private let descriptor: Int32

    package static func acquire(in directory: BoardDirectory) throws -> BoardLock {
        let fd = SystemCall.openFile(at: directory.descriptor, fileName, mode: .readWrite, create: true,
                                     permissions: directory.isGroupShared ? 0o664 : 0o644)
        guard fd >= 0 else {
            let code = SystemCall.lastError
            if code == SystemCall.tooManyLinks {
                throw CoordError.unsafeFile(path: directory.child(fileName), reason: "it is a symbolic link")
            }
            throw CoordError.io("open the lock file", path: directory.child(fileName), errno: code)
        }
        // The lock file is shared by every writer: on a group-shared board a
        // creator's strict umask must not leave the group unable to open it.
        if directory.isGroupShared, let status = SystemCall.status(of: fd), status.isRegular, status.linkCount == 1 {
            BoardDirectory.grantGroupAccess(fd, status, folder: false)
        }
        guard SystemCall.lockExclusive(fd) else {
            let code = SystemCall.lastError
            SystemCall.close(fd)
            throw CoordError.io("lock", path: directory.child(fileName), errno: code)
        }
        return BoardLock(descriptor: fd)
    }

    package func release() {
        SystemCall.unlock(descriptor)
        SystemCall.close(descriptor)
    }
}

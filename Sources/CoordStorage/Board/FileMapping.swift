/// A board file's bytes, mapped read-only: a reader touches only the pages it
/// looks at, straight from the page cache, instead of copying the file into
/// fresh memory (each page of which the kernel must fault in and zero).
///
/// Only for files that are replaced by rename and never written in place
/// (such as the caches in `.state/`): the mapping keeps the inode it opened,
/// so a writer that replaces the file cannot change what a reader sees. Cutting
/// the mapped file short in place would raise SIGBUS on a read past its new end.
/// When the kernel refuses the mapping, the bytes are read into memory instead.
public final class FileMapping: @unchecked Sendable {
    /// The file's bytes as they were when mapped; valid as long as this object lives.
    public let bytes: UnsafeRawBufferPointer
    private let mapped: Bool

    /// Maps the first `length` bytes of `file` (its size when it was checked).
    package init(_ file: BoardFile, length: Int) throws {
        precondition(length >= 0, "a mapping has a length")
        if length == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            mapped = false
        } else if let address = SystemCall.mapReadOnly(file.descriptor, length: length) {
            bytes = UnsafeRawBufferPointer(start: address, count: length)
            mapped = true
        } else {
            let copy = try file.readUnzeroed(0 ..< Int64(length))
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: copy.count, alignment: 8)
            buffer.copyBytes(from: copy)
            bytes = UnsafeRawBufferPointer(buffer)
            mapped = false
        }
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            SystemCall.unmap(base, length: bytes.count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }
}

extension BoardFile {
    /// The file as it is now, mapped read-only (see `FileMapping`).
    public func mapped() throws -> FileMapping {
        try FileMapping(self, length: Int(try size()))
    }

    /// `range` (or less when the file is shorter), read into a buffer that is
    /// not zeroed first.
    public func readUnzeroed(_ range: Range<Int64>) throws -> [UInt8] {
        let count = Int(range.upperBound - range.lowerBound)
        guard count > 0 else { return [] }
        var failure: Int32? = nil
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let n = SystemCall.positionedRead(descriptor, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[initialized...])),
                                                  at: range.lowerBound + Int64(initialized))
                if n < 0 { failure = SystemCall.lastError }
                if n <= 0 { break }
                initialized += n
            }
        }
        if let failure { throw CoordError.io("read", path: path, errno: failure) }
        return bytes
    }
}

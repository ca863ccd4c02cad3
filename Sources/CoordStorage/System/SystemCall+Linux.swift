#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CCoordSystem

/// Every POSIX call coord makes lives in this file. Everything above it speaks
/// in board terms (`BoardDirectory`, `BoardFile`, `BoardLock`).
///
/// The guarantees coord relies on, measured on Linux:
/// - one `write(2)` on an `O_APPEND` descriptor is never torn or interleaved;
/// - `flock(2)` is released by the kernel when its holder dies;
/// - `O_NOFOLLOW` plus `openat` from a directory opened `O_NOFOLLOW` refuses planted links.
package enum SystemCall {
    package static let noSuchFile = ENOENT
    package static let alreadyExists = EEXIST
    package static let tooManyLinks = ELOOP
    package static let notADirectory = ENOTDIR
    package static let wouldBlock = EWOULDBLOCK
    package static let permissionDenied = EACCES

    package static func describe(errno code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text).lowercased()
    }

    package static var lastError: Int32 { errno }

    // MARK: Opening

    package static func openDirectory(_ path: String, followFinalLink: Bool) -> Int32 {
        var flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        if !followFinalLink { flags |= O_NOFOLLOW }
        return retryingEINTR { open(path, flags) }
    }

    package static func openDirectory(at dirfd: Int32, _ name: String) -> Int32 {
        retryingEINTR { openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
    }

    package typealias AccessMode = FileAccess

    /// Opens `name` inside `dirfd` without following a link at the final component.
    package static func openFile(at dirfd: Int32, _ name: String, mode: AccessMode, create: Bool, permissions: UInt32 = 0o644) -> Int32 {
        var flags = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY
        switch mode {
        case .readOnly: flags |= O_RDONLY
        case .readWrite: flags |= O_RDWR
        case .append: flags |= O_RDWR | O_APPEND
        }
        if create { flags |= O_CREAT }
        return retryingEINTR { openat(dirfd, name, flags, mode_t(permissions)) }
    }

    /// Opens a path the user named for reading, following links (a file outside the board).
    package static func openReadOnly(_ path: String) -> Int32 {
        retryingEINTR { open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY) }
    }

    /// Creates `name` exclusively (fails with EEXIST when it is there).
    package static func createExclusive(at dirfd: Int32, _ name: String, permissions: UInt32) -> Int32 {
        retryingEINTR {
            openat(dirfd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, mode_t(permissions))
        }
    }

    package static func makeDirectory(at dirfd: Int32, _ name: String, permissions: UInt32) -> Int32 {
        mkdirat(dirfd, name, mode_t(permissions))
    }

    package static func makeDirectory(_ path: String, permissions: UInt32) -> Int32 {
        mkdir(path, mode_t(permissions))
    }

    package static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    // MARK: Metadata

    package struct FileStatus {
        package var size: Int64
        package var isRegular: Bool
        package var isDirectory: Bool
        package var linkCount: UInt64
        var mode: UInt32
        var ownerID: UInt32
        var modifiedSeconds: Int64
        var device: UInt64
        package var inode: UInt64
    }

    package static func status(of fd: Int32) -> FileStatus? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    package static func status(at dirfd: Int32, _ name: String) -> FileStatus? {
        var st = stat()
        guard fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return FileStatus(st)
    }

    /// What identifies one version of `name` in `dirfd`: size, modification
    /// time in nanoseconds, and inode (a file replaced by rename has a new one).
    package static func identity(at dirfd: Int32, _ name: String) -> (size: Int64, modified: Int64, inode: UInt64)? {
        var st = stat()
        guard fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int64(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec), UInt64(st.st_ino))
    }

    package static func status(ofPath path: String) -> FileStatus? {
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        return FileStatus(st)
    }

    package static func changeMode(_ fd: Int32, _ mode: UInt32) -> Bool {
        fchmod(fd, mode_t(mode)) == 0
    }

    package static var effectiveUserID: UInt32 { geteuid() }

    /// The `f_type` magic of the filesystem holding `fd`.
    package static func filesystemType(of fd: Int32) -> Int64? {
        let type = coord_filesystem_type(fd)
        return type < 0 ? nil : Int64(type)
    }

    // MARK: Locking

    /// Blocks until the exclusive `flock(2)` is held.
    package static func lockExclusive(_ fd: Int32) -> Bool {
        retryingEINTR { flock(fd, LOCK_EX) } == 0
    }

    /// Tries the exclusive lock without waiting; false when another process holds it.
    package static func tryLockExclusive(_ fd: Int32) -> Bool {
        retryingEINTR { flock(fd, LOCK_EX | LOCK_NB) } == 0
    }

    package static func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    // MARK: Reading and writing

    /// One `write(2)`: the caller checks the count, because a short write tears a record.
    package static func writeOnce(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int {
        retryingEINTR { Glibc.write(fd, bytes.baseAddress, bytes.count) }
    }

    package static func positionedWrite(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Int {
        retryingEINTR { pwrite(fd, bytes.baseAddress, bytes.count, off_t(offset)) }
    }

    package static func positionedRead(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int {
        retryingEINTR { pread(fd, buffer.baseAddress, buffer.count, off_t(offset)) }
    }

    package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        retryingEINTR { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Maps the first `length` bytes of `fd` read-only and private; nil (and
    /// `lastError`) when the kernel refuses. Reading past the file's end, should
    /// someone cut the file while it is mapped, raises SIGBUS: map only files
    /// that are replaced by rename and never written in place.
    package static func mapReadOnly(_ fd: Int32, length: Int) -> UnsafeRawPointer? {
        guard let address = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0),
              address != UnsafeMutableRawPointer(bitPattern: -1)
        else { return nil }
        return UnsafeRawPointer(address)
    }

    package static func unmap(_ address: UnsafeRawPointer, length: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: address), length)
    }

    package static func currentOffset(_ fd: Int32) -> Int64 {
        Int64(lseek(fd, 0, SEEK_CUR))
    }

    package static func truncate(_ fd: Int32, to length: Int64) -> Bool {
        ftruncate(fd, off_t(length)) == 0
    }

    package static func syncData(_ fd: Int32) -> Bool {
        fdatasync(fd) == 0
    }

    package static func rename(at dirfd: Int32, _ from: String, to: String) -> Bool {
        renameat(dirfd, from, dirfd, to) == 0
    }

    package static func removeFile(at dirfd: Int32, _ name: String) -> Bool {
        unlinkat(dirfd, name, 0) == 0
    }

    /// Names in a directory (without `.` and `..`), or nil when it cannot be listed.
    package static func listDirectory(_ dirfd: Int32) -> [String]? {
        let copy = dup(dirfd)
        guard copy >= 0, let stream = fdopendir(copy) else { return nil }
        defer { closedir(stream) }
        rewinddir(stream)
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: Process and environment

    package static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    package static func currentDirectory() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    package static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    package static var processID: Int32 { getpid() }

    package static func terminate(_ status: Int32) -> Never { exit(status) }

    package static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The width of the terminal on `fd`, or nil when `fd` is not a terminal.
    package static func terminalColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    package static func wallClockNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    package static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    package static func sleep(nanoseconds: Int64) {
        var request = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
    }

    /// The whole file at `path` when it is at most `limit` bytes, else nil.
    package static func readWholeFile(_ path: String, limit: Int) -> [UInt8]? {
        let fd = openReadOnly(path)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = retryingEINTR { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if count < 0 { return nil }
            if count == 0 { return bytes }
            bytes += chunk[..<count]
            if bytes.count > limit { return nil }
        }
    }

    // MARK: Waiting for change

    /// An inotify descriptor watching `path` for modification, or -1.
    package static func watchForChanges(_ path: String) -> (fd: Int32, watch: Int32) {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard fd >= 0 else { return (-1, -1) }
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
        let watch = inotify_add_watch(fd, path, mask)
        if watch < 0 { Glibc.close(fd); return (-1, -1) }
        return (fd, watch)
    }

    /// Adds `path` to the inotify descriptor `fd` with the same events; the watch id or -1.
    package static func addWatch(_ fd: Int32, _ path: String) -> Int32 {
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE_SELF | IN_MOVE_SELF)
        return inotify_add_watch(fd, path, mask)
    }

    /// Discards queued inotify events.
    package static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ Glibc.read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Blocks SIGINT and SIGTERM for this process (see `ProcessIO.holdTerminationSignals`).
    package static func blockTerminationSignals() -> Bool {
        coord_block_termination_signals() == 0
    }

    /// A descriptor that becomes readable on SIGINT or SIGTERM, or -1 when they
    /// are not blocked (then they keep their default action: ending the process).
    package static func terminationSignalDescriptor() -> Int32 {
        coord_signalfd_for_termination()
    }

    package static func readSignal(_ fd: Int32) -> Int32 {
        coord_signalfd_read(fd)
    }

    /// Waits until one of `fds` is readable or `timeoutMilliseconds` pass (-1: forever).
    /// Returns the indexes of the readable descriptors.
    package static func waitReadable(_ fds: [Int32], timeoutMilliseconds: Int32) -> [Int] {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let n = polls.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        guard n > 0 else { return [] }
        return polls.indices.filter { polls[$0].revents != 0 }
    }

    // MARK: Helpers

    @inline(__always)
    package static func retryingEINTR<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let result = body()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}

extension SystemCall.FileStatus {
    package init(_ st: stat) {
        self.init(
            size: Int64(st.st_size),
            isRegular: (st.st_mode & S_IFMT) == S_IFREG,
            isDirectory: (st.st_mode & S_IFMT) == S_IFDIR,
            linkCount: UInt64(st.st_nlink),
            mode: UInt32(st.st_mode),
            ownerID: UInt32(st.st_uid),
            modifiedSeconds: Int64(st.st_mtim.tv_sec),
            device: UInt64(st.st_dev),
            inode: UInt64(st.st_ino)
        )
    }

    package var isSetGroupID: Bool { mode & UInt32(S_ISGID) != 0 }
}

/// Standard streams for the `coord` executable, without Foundation's FileHandle.
public enum ProcessIO {
    public static let standardInput: Int32 = 0
    public static let standardOutput: Int32 = 1
    public static let standardError: Int32 = 2

    /// Writes all of `bytes` to `fd`.
    public static func write(_ bytes: [UInt8], to fd: Int32) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { SystemCall.writeOnce(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// Everything on standard input, up to `limit` bytes (nil when it is longer).
    public static func readStandardInput(limit: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { SystemCall.read(standardInput, into: $0) }
            if n <= 0 { break }
            bytes += buffer[0 ..< n]
            if bytes.count > limit { return nil }
        }
        return bytes
    }

    public static func isTerminal(_ fd: Int32) -> Bool { SystemCall.isTerminal(fd) }

    public static var processID: Int32 { SystemCall.processID }

    /// The absolute path of the running executable (`/proc/self/exe`), or nil when unknown.
    public static var executablePath: String? { SystemCall.readLink("/proc/self/exe") }

    /// Writing to a pipe whose reader has gone then fails with EPIPE instead of
    /// killing the process. Process-wide, so only an executable calls it, at its
    /// start, before it feeds a child (`ExternalCommand`) or serves a pipe.
    public static func ignoreBrokenPipes() { SystemCall.ignoreBrokenPipes() }

    /// Blocks SIGINT and SIGTERM, so that a wait (`ChangeWaiter`, the MCP
    /// transport) receives them on a signalfd and finishes cleanly instead of
    /// dying mid-write. Process-wide, so only an executable calls it, in the
    /// command that waits, before the wait. Without it a wait still works and
    /// the two signals keep their default action. Returns false if it failed.
    @discardableResult
    public static func holdTerminationSignals() -> Bool { SystemCall.blockTerminationSignals() }

    /// Blocks SIGCHLD, SIGINT, SIGTERM and SIGHUP and restores SIGCHLD's default
    /// action, so that a supervisor (`Locks.run`) reaps its child and forwards
    /// signals from one signalfd. Process-wide, so only an executable calls it,
    /// before anything is locked. Returns false if it failed.
    @discardableResult
    public static func holdChildSignals() -> Bool { SystemCall.blockSupervisionSignals() }

    public static func sleep(seconds: Double) { SystemCall.sleep(nanoseconds: Int64(seconds * 1_000_000_000)) }
}

extension ProcessIO {
    /// Ends the process with `status`.
    public static func exit(_ status: Int32) -> Never { SystemCall.terminate(status) }
}

extension ProcessIO {
    /// Opens the FIFO at `path` for reading (which waits for a writer), then reads
    /// until every writer has closed it. A test-only pause point: a test holds the
    /// process there to act at an exact moment, without sleeping.
    public static func waitForClose(ofFIFO path: String) {
        let fd = SystemCall.openReadOnly(path)
        guard fd >= 0 else { return }
        defer { SystemCall.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ SystemCall.read(fd, into: $0) }) > 0 {}
    }
}

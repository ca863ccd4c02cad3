/// Sleeps until a board folder changes, a timeout passes, or SIGINT/SIGTERM
/// arrives. Uses inotify and a signalfd, so waiting costs no CPU at all.
public final class ChangeWaiter {
    public enum Wake: Equatable, Sendable {
        case changed
        case timedOut
        /// SIGINT or SIGTERM arrived: the caller should finish cleanly.
        case terminated(signal: Int32)
    }

    package let watchDescriptor: Int32
    /// -1 when SIGINT and SIGTERM are not blocked: they then end the process as usual.
    private let signalDescriptor: Int32

    /// Watches the files directly inside `directory`. The waiter never changes
    /// the process's signal mask: when the executable has blocked SIGINT and
    /// SIGTERM (`ProcessIO.holdTerminationSignals()`), they wake the wait as
    /// `.terminated`, so the caller finishes cleanly instead of dying mid-write.
    public init(watching directory: BoardDirectory) throws {
        let watch = SystemCall.watchForChanges(directory.path)
        guard watch.fd >= 0 else {
            throw CoordError.io("watch", path: directory.path, errno: SystemCall.lastError)
        }
        watchDescriptor = watch.fd
        signalDescriptor = SystemCall.terminationSignalDescriptor()
    }

    deinit {
        SystemCall.close(watchDescriptor)
        if signalDescriptor >= 0 { SystemCall.close(signalDescriptor) }
    }

    /// Waits for the next change; `timeoutSeconds` nil waits without a limit.
    public func wait(timeoutSeconds: Double?) -> Wake {
        let milliseconds = timeoutSeconds.map { Int32(min(max($0 * 1000, 0), Double(Int32.max))) } ?? -1
        let descriptors = signalDescriptor >= 0 ? [signalDescriptor, watchDescriptor] : [-1, watchDescriptor]
        let ready = SystemCall.waitReadable(descriptors, timeoutMilliseconds: milliseconds)
        if ready.contains(0) {
            return .terminated(signal: SystemCall.readSignal(signalDescriptor))
        }
        if ready.contains(1) {
            SystemCall.drain(watchDescriptor)
            return .changed
        }
        return .timedOut
    }
}

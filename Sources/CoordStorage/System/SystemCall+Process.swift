#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CCoordSystem

/// The process calls: starting children without a shell, supervising and
/// reaping them. Like `SystemCall+Linux.swift`, nothing above this file calls
/// the C library directly.
extension SystemCall {
    // MARK: Child processes (`coord run`)

    /// Blocks SIGCHLD, SIGINT, SIGTERM and SIGHUP for this process and restores
    /// SIGCHLD's default action (see `ProcessIO.holdChildSignals`).
    package static func blockSupervisionSignals() -> Bool {
        coord_block_supervision_signals() == 0
    }

    /// A signalfd for SIGCHLD, SIGINT, SIGTERM and SIGHUP, which must already be
    /// blocked (`blockSupervisionSignals`); -1 otherwise. Create it before spawning.
    package static func supervisionSignalDescriptor() -> Int32 {
        coord_signalfd_for_supervision()
    }

    /// The next pending signal on a supervision descriptor, and whether the
    /// kernel sent it (a terminal's Ctrl-C reaches the whole foreground group);
    /// nil when none is pending.
    package static func readSignalOrigin(_ fd: Int32) -> (signal: Int32, fromKernel: Bool)? {
        var fromKernel: Int32 = 0
        let signal = coord_signalfd_read_origin(fd, &fromKernel)
        return signal < 0 ? nil : (signal, fromKernel != 0)
    }

    package static let childChanged = SIGCHLD
    package static let forwardedSignals: Set<Int32> = [SIGINT, SIGTERM, SIGHUP]

    /// Starts `arguments[0]` (searched in `PATH`) with `arguments`, this
    /// process's environment plus `extra`, and no shell. The child starts with
    /// no blocked signals and default dispositions for the signals a parent may
    /// have blocked or ignored. It is tied to this process: if coord dies,
    /// even by SIGKILL, the kernel kills the child too (`PR_SET_PDEATHSIG`), so
    /// no command keeps running without the lock it was started under.
    /// Returns the pid, or the errno of the failure (`ENOENT` when the program
    /// is not found, `EACCES` when it cannot run).
    package static func spawn(_ arguments: [String], extra: [String: String]) -> (pid: Int32, error: Int32) {
        var environment: [String] = []
        var index = 0
        let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let table, let entry = table[index] {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if extra[name] == nil { environment.append(text) }
            index += 1
        }
        environment += extra.map { "\($0.key)=\($0.value)" }.sorted()

        var pid: Int32 = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in coord_spawn_tied_to_parent(argv[0]!, argv, envp, &pid) }
        }
        return status == 0 ? (pid, 0) : (-1, status)
    }

    /// The child's exit status when it has ended (its code, or 128 + the
    /// signal that killed it), or nil while it runs. Never blocks.
    package static func reap(_ pid: Int32) -> Int32? {
        var status: Int32 = 0
        let result = retryingEINTR { waitpid(pid, &status, WNOHANG) }
        // Not ours to wait for any more (ECHILD): the status is lost; report a failure.
        guard result == pid else { return result < 0 ? 1 : nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    package static func sendSignal(_ pid: Int32, _ signal: Int32) { _ = kill(pid, signal) }

    /// This process's environment, as `NAME=value` entries.
    package static func environmentEntries() -> [String] {
        var entries: [String] = []
        var index = 0
        let table: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ
        while let table, let entry = table[index] {
            entries.append(String(cString: entry))
            index += 1
        }
        return entries
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }

    // MARK: Child processes with pipes and a time limit (`synthesize --via`)

    /// A pipe whose ends both close on exec; nil when none can be made.
    package static func makePipe() -> (read: Int32, write: Int32)? {
        var fds: [Int32] = [-1, -1]
        guard coord_pipe_cloexec(&fds) == 0 else { return nil }
        return (fds[0], fds[1])
    }

    package static func setNonBlocking(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
    }

    /// Writing to a pipe whose reader has gone then fails with EPIPE instead of
    /// killing this process. Children are started with the default again.
    package static func ignoreBrokenPipes() { _ = signal(SIGPIPE, SIG_IGN) }

    /// Starts `arguments[0]` (looked up in PATH when it has no `/`) with
    /// `arguments`, without a shell, the environment of this process, `input`,
    /// `output` and `error` as its standard streams, default signal handling,
    /// and its own process group (so the whole group can be stopped).
    /// With `environment`, the child gets exactly those `NAME=value` entries instead.
    /// Returns the process id, or nil and the reason in `lastError`.
    package static func spawn(_ arguments: [String], input: Int32, output: Int32, error: Int32,
                              environment: [String]? = nil) -> Int32? {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, error, 2)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaults, number) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status: Int32
        if let environment {
            var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) }
            envp.append(nil)
            defer { for pointer in envp { free(pointer) } }
            status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        } else {
            status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        guard status == 0 else {
            errno = status
            return nil
        }
        return pid
    }

    /// How a child ended.
    package enum ChildEnding: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Reaps `pid`: waits for it when `blocking`, else returns nil while it runs.
    package static func reap(_ pid: Int32, blocking: Bool) -> ChildEnding? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result < 0 && errno == EINTR { continue }
            if result <= 0 { return result == 0 ? nil : .exited(-1) }
            let signal = status & 0x7F
            return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        }
    }

    /// Sends `signal` to the process group led by `pid`.
    package static func signalGroup(_ pid: Int32, _ signal: Int32) { _ = kill(-pid, signal) }

    /// Waits until one of `fds` is ready for its `events` (POLLIN, POLLOUT) or
    /// `timeoutMilliseconds` pass; returns each descriptor's `revents`.
    package static func pollDescriptors(_ fds: [(fd: Int32, events: Int16)], timeoutMilliseconds: Int32) -> [Int16] {
        var polls = fds.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        let n = polls.withUnsafeMutableBufferPointer { Glibc.poll($0.baseAddress, nfds_t($0.count), timeoutMilliseconds) }
        guard n > 0 else { return Array(repeating: 0, count: fds.count) }
        return polls.map(\.revents)
    }

    package static let readable = Int16(POLLIN)
    package static let writable = Int16(POLLOUT)
    package static let hungUp = Int16(POLLHUP | POLLERR | POLLNVAL)
    package static let interrupted = EINTR
    package static let killSignal = SIGKILL

    // MARK: Threads (a report's independent readers run side by side)

    package typealias Thread = pthread_t

    /// Starts `body` on a new thread; nil when no thread could be made.
    package static func startThread(_ body: @escaping @Sendable () -> Void) -> Thread? {
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard status == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// Waits for `thread` to end.
    package static func joinThread(_ thread: Thread) { _ = pthread_join(thread, nil) }

    package final class ThreadBody: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

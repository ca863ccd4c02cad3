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
    // MARK: Child processes

    /// An anonymous in-memory file, for a child's standard streams; -1 on failure.
    static func memoryFile(_ name: String) -> Int32 {
        coord_memory_file(name)
    }

    static func rewind(_ fd: Int32) -> Bool {
        lseek(fd, 0, SEEK_SET) == 0
    }

    /// Starts `path` with `arguments` (argv[0] included) and this process's
    /// environment, with `streams` as its standard input, output and error.
    /// Returns the child's pid, or -1 with `lastError` set. No shell is involved.
    static func spawn(_ path: String, arguments: [String], streams: (Int32, Int32, Int32)) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, streams.0, 0)
        posix_spawn_file_actions_adddup2(&actions, streams.1, 1)
        posix_spawn_file_actions_adddup2(&actions, streams.2, 2)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard result == 0 else {
            errno = result
            return -1
        }
        return pid
    }

    /// Waits for `pid` to end: its exit status, or 128 + the signal that ended it.
    static func waitForExit(_ pid: Int32) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    static func isExecutable(_ path: String) -> Bool {
        access(path, X_OK) == 0
    }

    // MARK: Child processes (`coord run`)

    /// A signalfd for SIGCHLD, SIGINT, SIGTERM and SIGHUP, which are blocked from
    /// now on so they arrive there; -1 on failure. Create it before spawning.
    static func supervisionSignalDescriptor() -> Int32 {
        coord_signalfd_for_supervision()
    }

    /// The next pending signal on a supervision descriptor, and whether the
    /// kernel sent it (a terminal's Ctrl-C reaches the whole foreground group);
    /// nil when none is pending.
    static func readSignalOrigin(_ fd: Int32) -> (signal: Int32, fromKernel: Bool)? {
        var fromKernel: Int32 = 0
        let signal = coord_signalfd_read_origin(fd, &fromKernel)
        return signal < 0 ? nil : (signal, fromKernel != 0)
    }

    static let childChanged = SIGCHLD
    static let forwardedSignals: Set<Int32> = [SIGINT, SIGTERM, SIGHUP]

    /// Starts `arguments[0]` (searched in `PATH`) with `arguments`, this
    /// process's environment plus `extra`, and no shell. The child starts with
    /// no blocked signals and default dispositions for the signals a parent may
    /// have blocked or ignored. Returns the pid, or the errno of the failure
    /// (`ENOENT` when the program is not found, `EACCES` when it cannot run).
    static func spawn(_ arguments: [String], extra: [String: String]) -> (pid: Int32, error: Int32) {
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

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let status = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in posix_spawnp(&pid, argv[0]!, nil, &attributes, argv, envp) }
        }
        return status == 0 ? (pid, 0) : (-1, status)
    }

    /// The child's exit status when it has ended (its code, or 128 + the
    /// signal that killed it), or nil while it runs. Never blocks.
    static func reap(_ pid: Int32) -> Int32? {
        var status: Int32 = 0
        let result = retryingEINTR { waitpid(pid, &status, WNOHANG) }
        // Not ours to wait for any more (ECHILD): the status is lost; report a failure.
        guard result == pid else { return result < 0 ? 1 : nil }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    static func sendSignal(_ pid: Int32, _ signal: Int32) { _ = kill(pid, signal) }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

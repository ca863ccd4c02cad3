#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A process a lock or a task claim is bound to: the host it runs on, its
/// pid, and when it started, so that a pid the kernel hands to a new process
/// later is not mistaken for the holder.
///
/// - `host`: this machine, this boot and this pid namespace, as 16 hex
///   digits: the 64-bit FNV-1a hash of `coord-host`, `/etc/machine-id`,
///   `/proc/sys/kernel/random/boot_id` and the pid namespace
///   (`/proc/self/ns/pid`, e.g. `pid:[4026531836]`), newline-separated. The
///   same on every call until the next reboot; two containers on one machine
///   (one kernel, often one machine id) differ by their pid namespace, since
///   one's pids mean nothing in the other. Hashed so that the machine id
///   itself is not written to a board that may be shared.
/// - `pid`: the process id.
/// - `started`: field 22 of `/proc/PID/stat`, the start time in clock ticks
///   since boot (stable for the life of the process).
public struct HolderProcess: Sendable, Hashable {
    public var host: String
    public var pid: Int32
    public var started: UInt64

    public init(host: String, pid: Int32, started: UInt64) {
        self.host = host
        self.pid = pid
        self.started = started
    }

    /// True when the process is known to be gone: it was bound on this host
    /// (same machine and boot), and the pid no longer runs or now belongs to a
    /// process that started at another time. A binding from another host, or
    /// when this host's identity cannot be read, is never judged ended (its
    /// lease falls back to its expiry).
    /// A pid that runs but whose start time cannot be read (a `/proc` mounted
    /// with `hidepid`) is not judged ended either.
    public var hasEnded: Bool {
        guard let here = ProcessIdentity.host, here == host else { return false }
        switch ProcessIdentity.look(pid) {
        case .gone: return true
        case .running(let now): return now != started
        case .unknown: return false
        }
    }
}

/// The raw look-ups behind `HolderProcess`: the host's identity, whether a pid
/// runs, and when it started. Like the other files of this folder, nothing
/// above it calls the C library for these.
public enum ProcessIdentity {
    /// This machine and boot (see `HolderProcess.host`), or nil when either file cannot be read.
    public static let host: String? = {
        guard let machine = SystemCall.readWholeFile("/etc/machine-id", limit: 4096),
              let boot = SystemCall.readWholeFile("/proc/sys/kernel/random/boot_id", limit: 4096)
        else { return nil }
        let machineID = trimmed(machine)
        let bootID = trimmed(boot)
        guard !machineID.isEmpty, !bootID.isEmpty, let namespace = SystemCall.readLink("/proc/self/ns/pid") else { return nil }
        return hostHash(machineID: machineID, bootID: bootID, pidNamespace: Array(namespace.utf8))
    }()

    /// The host identity of a machine id, a boot id and a pid namespace (what `host` computes from the files).
    public static func hostHash(machineID: [UInt8], bootID: [UInt8], pidNamespace: [UInt8]) -> String {
        CacheChecksum.of(Array("coord-host\n".utf8) + machineID + [10] + bootID + [10] + pidNamespace)
    }

    /// What is known of a pid now.
    public enum Presence: Equatable, Sendable {
        /// No such process, or a zombie waiting to be reaped (it holds nothing any more).
        case gone
        /// Running, with its start time.
        case running(started: UInt64)
        /// Running, but its `/proc/PID/stat` cannot be read.
        case unknown
    }

    /// One `kill(pid, 0)` and, when the pid exists, one read of `/proc/PID/stat`.
    public static func look(_ pid: Int32) -> Presence {
        guard pid > 0, isRunning(pid) else { return .gone }
        guard let bytes = SystemCall.readWholeFile("/proc/\(pid)/stat", limit: 64 * 1024), let stat = parseStat(bytes) else {
            // It may have ended between the two calls.
            return isRunning(pid) ? .unknown : .gone
        }
        if stat.state == UInt8(ascii: "Z") || stat.state == UInt8(ascii: "X") { return .gone }
        return .running(started: stat.started)
    }

    /// The start time (`/proc/PID/stat` field 22) of a running process, or nil
    /// when it is gone or its start time cannot be read.
    public static func startTime(of pid: Int32) -> UInt64? {
        guard case .running(let started) = look(pid) else { return nil }
        return started
    }

    /// True when a process with this pid exists (`kill(pid, 0)`; one owned by
    /// another user counts: EPERM means it exists).
    public static func isRunning(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    /// The binding of the running process `pid` on this host, or nil when no
    /// such process runs or this host's identity cannot be read.
    public static func bind(_ pid: Int32) -> HolderProcess? {
        guard let host, let started = startTime(of: pid) else { return nil }
        return HolderProcess(host: host, pid: pid, started: started)
    }

    /// This process's pid.
    public static var currentPID: Int32 { getpid() }

    /// The state (field 3) and start time (field 22) of a `/proc/PID/stat`
    /// line. The command name (field 2) is in parentheses and may hold
    /// spaces and parentheses itself, so the fields are counted from the
    /// last `)` of the line. Nil when the line is not of that form.
    public static func parseStat(_ bytes: [UInt8]) -> (state: UInt8, started: UInt64)? {
        guard let close = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        // Fields 3, 4, ... follow the `)`, separated by single spaces.
        var fields: [ArraySlice<UInt8>] = []
        var start = close + 1
        for index in (close + 1) ..< bytes.count where bytes[index] == UInt8(ascii: " ") || bytes[index] == 10 {
            if index > start { fields.append(bytes[start ..< index]) }
            start = index + 1
            if fields.count == 20 { break }
        }
        if fields.count < 20, start < bytes.count { fields.append(bytes[start...]) }
        // Field 3 is fields[0]; field 22 is fields[19].
        guard fields.count >= 20, fields[0].count == 1,
              let started = UInt64(String(decoding: fields[19], as: UTF8.self))
        else { return nil }
        return (fields[0].first!, started)
    }

    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes.prefix { $0 != 10 && $0 != 13 && $0 != 32 })
    }
}

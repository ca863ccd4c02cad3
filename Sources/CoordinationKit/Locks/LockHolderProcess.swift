import CoordStorage
import FoundationEssentials

/// Holders bound to a process (`--pid`, `$COORD_PID`, `coord run`): the three
/// fields a lock or claim record carries, and what a writer records when it
/// takes over a grant whose process ended. See docs/locks.md.
extension HolderProcess {
    /// The `reason` of the `break` record written when a grant is taken over
    /// because its process ended; views say the same words.
    public static let endedReason = "holder process ended"

    /// The binding for `--pid TEXT` (or `$COORD_PID`): the running process
    /// with that id on this host. A value that is not a pid, or a process
    /// that is not running, is refused with a one-sentence error.
    public static func resolve(_ text: String, flag: String) throws -> HolderProcess {
        let digits = text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard digits, !text.isEmpty, let pid = Int32(text), pid > 0 else {
            throw CoordError.invalidInput(
                "\(flag) takes a process id (a positive whole number such as 4242), not '\(Escaping.escape(text))'.")
        }
        guard let process = ProcessIdentity.bind(pid) else {
            if ProcessIdentity.host == nil {
                throw CoordError.invalidInput(
                    "Cannot bind to process \(pid): this host's identity (/etc/machine-id, /proc/sys/kernel/random/boot_id) cannot be read; leave out \(flag) and rely on the lock's expiry.")
            }
            throw CoordError.invalidInput(
                "Process \(pid) (\(flag)) is not running, so nothing can be bound to it; pass the pid of a live process, for an agent session its own (export COORD_PID=$PPID).")
        }
        return process
    }
}

extension KeyedDecodingContainer {
    /// The binding of a record: all three fields, or none (a partial one is ignored).
    func decodeHolderProcess(host: Key, pid: Key, started: Key) throws -> HolderProcess? {
        guard contains(host) else { return nil }
        guard let hostID = try decodeIfPresent(String.self, forKey: host),
              let processID = try decodeIfPresent(Int32.self, forKey: pid),
              let start = try decodeIfPresent(UInt64.self, forKey: started)
        else { return nil }
        return HolderProcess(host: hostID, pid: processID, started: start)
    }
}

extension KeyedEncodingContainer {
    mutating func encodeHolderProcess(_ process: HolderProcess?, host: Key, pid: Key, started: Key) throws {
        guard let process else { return }
        try encode(process.host, forKey: host)
        try encode(process.pid, forKey: pid)
        try encode(process.started, forKey: started)
    }
}

extension LockGrant {
    /// True when the grant is bound to a process on this host that has ended:
    /// it blocks nobody (`state(at:grace:)` reads it as lapsed) and the next
    /// acquirer takes it over.
    public var holderProcessEnded: Bool { process?.hasEnded ?? false }
}

extension Locks {
    /// The `break` that ends `grant`, whose process ended, for `holder`
    /// taking over, instead of the `expire` written for a grant past its time.
    static func takeover(of grant: LockGrant, by holder: String, at now: Date) -> LockEvent {
        LockEvent(event: .break, at: now, token: grant.token, path: grant.path, holder: grant.holder, by: holder,
                  reason: HolderProcess.endedReason)
    }
}

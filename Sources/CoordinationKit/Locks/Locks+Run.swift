import CoordStorage
import FoundationEssentials

extension Locks {
    /// What `coord run` did.
    public enum RunOutcome: Sendable, Equatable {
        /// Someone else holds a path: nothing was run.
        case conflict([LockConflict])
        /// The command ran; `status` is its exit code, or 128 + the signal that ended it.
        case finished(status: Int32, grants: [LockGrant])
    }

    /// Locks `request.paths`, runs `command` without a shell while renewing the
    /// lock, and releases it when the command ends for any reason.
    ///
    /// The command inherits standard input and output and the environment,
    /// plus `COORD_LOCK_TOKEN` (the fencing token, for writes that should be
    /// refused once the lock is lost). The lock is renewed every third of its
    /// TTL; SIGINT, SIGTERM and SIGHUP sent to coord are passed on to the
    /// command (a terminal's Ctrl-C already reached it). If coord itself is
    /// killed the lock is not released, but it is bound to coord's own process
    /// (`HolderProcess`), so the next agent to lock the path on this host takes
    /// it over at once (elsewhere it expires at the end of its TTL).
    /// `warn` receives one-line notices (a lost lock, a failed release).
    /// With `bindToSelf` false (`COORD_PID=none`) the lock is an ordinary lease.
    public func run(_ command: [String], request: Request, wait: Int64? = nil, announce: Bool = true, bindToSelf: Bool = true,
                    warn: (String) -> Void) throws -> RunOutcome {
        precondition(!command.isEmpty, "a command to run")
        // The executable blocked SIGCHLD, SIGINT, SIGTERM and SIGHUP before this call
        // (`ProcessIO.holdChildSignals()`), so none can end coord between lock and release;
        // without that there is no descriptor, and nothing is locked.
        let signals = SystemCall.supervisionSignalDescriptor()
        guard signals >= 0 else { throw CoordError.io("watch signals for", path: command[0], errno: SystemCall.lastError) }
        defer { SystemCall.close(signals) }

        var request = request
        request.process = bindToSelf ? ProcessIdentity.bind(ProcessIdentity.currentPID) : nil
        let outcome = try wait.map { try acquire(request, waiting: $0, announce: announce) } ?? acquire(request, announce: announce)
        guard case .granted(let granted) = outcome else {
            if case .conflict(let conflicts) = outcome { return .conflict(conflicts) }
            return .conflict([])
        }
        let token = granted.grants.map(\.token).max() ?? 0
        let paths = granted.grants.map(\.path)
        let tokens = Dictionary(granted.grants.map { ($0.path, $0.token) }, uniquingKeysWith: max)
        let ttl = granted.grants.map(\.ttl).min() ?? settings.defaultTTL
        let agent = request.holder

        let child = SystemCall.spawn(command, extra: ["COORD_LOCK_TOKEN": String(token)])
        guard child.error == 0 else {
            let status: Int32 = child.error == SystemCall.permissionDenied ? 126 : 127
            releaseQuietly(tokens, by: agent, note: "could not start \(command[0])", announce: announce, warn: warn)
            warn("could not start '\(command[0])': \(SystemCall.describe(errno: child.error)); released \(LockText.list(paths)).")
            return .finished(status: status, grants: granted.grants)
        }

        let interval = max(1, ttl / 3) * 1_000_000_000
        var nextRenewal = workspace.monotonic.nanoseconds() + interval
        var renewing = true
        var status: Int32? = nil
        while status == nil {
            let untilRenewal = max(0, nextRenewal - workspace.monotonic.nanoseconds()) / 1_000_000
            let timeout = renewing ? Int32(min(untilRenewal, Int64(Int32.max))) : -1
            if !SystemCall.waitReadable([signals], timeoutMilliseconds: timeout).isEmpty {
                while let (signal, fromKernel) = SystemCall.readSignalOrigin(signals) {
                    if SystemCall.forwardedSignals.contains(signal) && !fromKernel { SystemCall.sendSignal(child.pid, signal) }
                }
                status = SystemCall.reap(child.pid)
            }
            if renewing, status == nil, workspace.monotonic.nanoseconds() >= nextRenewal {
                do {
                    _ = try renew(paths, by: agent, tokens: tokens)
                } catch let error as CoordError where [ExitStatus.refused, ExitStatus.notFound].contains(error.exitStatus) {
                    warn("lost the lock on \(LockText.list(paths)): \(error.message) The command keeps running.")
                    renewing = false
                } catch {
                    warn("could not renew the lock on \(LockText.list(paths)) (\(error)); trying again later.")
                }
                nextRenewal += interval
            }
        }
        let exit = status ?? 1
        releaseQuietly(tokens, by: agent, note: "\(command[0]) exited \(exit)", announce: announce, warn: warn)
        return .finished(status: exit, grants: granted.grants)
    }

    /// Releases what `coord run` still holds under its token; a failure is a warning, never a lost exit status.
    private func releaseQuietly(_ tokens: [LockPath: Int64], by agent: AgentName, note: String, announce: Bool,
                                warn: (String) -> Void) {
        let paths = tokens.keys.sorted()
        do {
            _ = try release(paths, by: agent, tokens: tokens, note: note, announce: announce)
        } catch {
            warn("could not release \(LockText.list(paths)): \(error)")
        }
    }
}

import CoordStorage
import FoundationEssentials

/// The one hook through which every writer of exclusive records (the lock
/// journal, the task journal, the decision journal, and on a board with a
/// remote the message id journal) commits: each wraps its read-decide-append,
/// already inside the board lock, in `commit`.
///
/// A local board runs the step once (`LocalAuthority`). A board with a remote
/// runs it under `RemoteAuthority`: the git remote's compare-and-swap decides.
/// A database-backed board would be one more `ExclusiveAuthority`.
enum ExclusiveRecords {
    /// Set while a step runs under an authority, so a nested step (a task
    /// claim's lock records inside its task records) joins the outer one.
    @TaskLocal static var committing = false
    /// Set while a step runs under a remote authority: the lock journal must
    /// then only grow (compaction would rewrite bytes the remote already holds).
    @TaskLocal static var remote = false

    /// The authority for `workspace`'s board.
    static func authority(for workspace: Workspace) -> any ExclusiveAuthority {
        RemoteSettings.isConfigured(workspace.board) ? RemoteAuthority(workspace: workspace) : LocalAuthority()
    }

    /// Runs `body` (the caller holds the board lock) under the board's authority.
    static func commit<T>(_ workspace: Workspace, _ body: () throws -> T) throws -> T {
        if committing { return try body() }
        let authority = authority(for: workspace)
        return try $committing.withValue(true) { try authority.commit(body) }
    }
}

/// Exclusive records decided against a git remote.
///
/// The loop, inside the board lock: fetch `refs/coord/exclusive`; make the
/// local journals the tip's (they must be a byte prefix of it; the missing
/// suffix is appended); run the unchanged decision, which appends locally;
/// commit the journals (the tip's bytes plus the new records) on the tip and
/// push without force. A rejected push means another host committed first:
/// the local appends are taken back and the loop starts again after a
/// jittered backoff, for at most `patienceSeconds`. A remote that cannot be
/// reached ends the command with exit status 7; nothing is ever granted on
/// local authority alone.
struct RemoteAuthority: ExclusiveAuthority {
    let workspace: Workspace
    /// How long a step keeps retrying rejected pushes before giving up.
    static let patienceSeconds: Int64 = 30

    func commit<T>(_ body: () throws -> T) throws -> T {
        guard let remote = try RemoteBoard.open(workspace) else { return try body() }
        let deadline = workspace.monotonic.nanoseconds() + Self.patienceSeconds * 1_000_000_000
        var attempt = 0
        while true {
            let tip = try remote.fetchExclusive()
            let before = try remote.adopt(tip)
            let result: T
            do {
                result = try ExclusiveRecords.$remote.withValue(true) { try body() }
            } catch {
                try? remote.rollBack(to: before)
                throw error
            }
            let after = try remote.sizes()
            let changed = RemoteBoard.exclusiveJournals.filter { after[$0] != before[$0] }
            if changed.isEmpty { return result }
            let pushed: RemoteBoard.PushResult
            do {
                let commit = try remote.commit(files: changed, from: workspace.board, over: tip,
                                               message: "coord: \(changed.joined(separator: ", ")) from host \(remote.host)")
                pushed = try remote.push(commit, to: RemoteBoard.exclusiveRef)
            } catch {
                try? remote.rollBack(to: before)
                throw error
            }
            if pushed == .accepted { return result }
            try remote.rollBack(to: before)
            attempt += 1
            let now = workspace.monotonic.nanoseconds()
            guard now < deadline else { throw CoordError.remoteBusy(remote.settings.name, seconds: Int(Self.patienceSeconds)) }
            // Exponential from 5 ms, capped at 200 ms, jittered over half to one and a half of it.
            let base = min(200_000_000, 5_000_000 << min(attempt, 6))
            let delay = Int64(Double(base) * Double.random(in: 0.5 ... 1.5))
            ProcessIO.sleep(seconds: Double(min(delay, max(0, deadline - now))) / 1e9)
        }
    }
}

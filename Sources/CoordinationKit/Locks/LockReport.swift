import CoordStorage
import FoundationEssentials

/// What the lock commands print, as a `--json` document and as text, for one
/// moment on one board: `lock`, `renew`, `unlock`, `check`, `locks` and `run`
/// render their results here, so a lock reads the same whichever command shows it.
public struct LockReport: Sendable {
    public var now: Date
    public var zone: BoardTimeZone
    public var grace: Int64

    public init(now: Date, zone: BoardTimeZone, grace: Int64 = LockSettings.standard.grace) {
        self.now = now
        self.zone = zone
        self.grace = grace
    }

    /// The board's clock read once, its zone and the grace of `settings`.
    public init(_ workspace: Workspace, settings: LockSettings = .standard) {
        self.init(now: workspace.clock.now(), zone: workspace.timeZone, grace: settings.grace)
    }

    public func view(_ grant: LockGrant) -> LockView { LockView(grant, now: now, grace: grace) }

    public func views(_ conflicts: [LockConflict]) -> [ConflictView] {
        conflicts.map { ConflictView($0, now: now, grace: grace) }
    }

    // MARK: lock, renew, unlock

    /// `coord lock` granted every path.
    public func granted(_ grants: Locks.Grants) -> LockResultDocument {
        LockResultDocument(ok: true, now: now, locks: grants.grants.map(view), conflicts: [])
    }

    /// `locked src/auth (token 17) until 16:02 (2h)`, one line per path; `renewed` for a path already held.
    public func grantedText(_ grants: Locks.Grants) -> String {
        Self.joinedLines(grants.grants.map {
            line(!grants.renewed.isEmpty && grants.renewed.contains($0.path) ? "renewed" : "locked", $0)
        })
    }

    /// `coord lock` or `coord run` refused: nothing was locked.
    public func refused(_ conflicts: [LockConflict]) -> LockResultDocument {
        LockResultDocument(ok: false, now: now, locks: [], conflicts: views(conflicts))
    }

    /// For standard error: each lock in the way, then what to do.
    public func refusalLines(_ conflicts: [LockConflict]) -> [String] {
        let holders = Array(Set(conflicts.map(\.held.holder))).sorted().joined(separator: " or ")
        return conflicts.map { "coord: \(describe($0))" }
            + ["coord: nothing was locked; work elsewhere, wait with --wait 10m, or ask \(holders)."]
    }

    /// `coord renew`.
    public func renewed(_ grants: [LockGrant]) -> LockResultDocument {
        LockResultDocument(ok: true, now: now, locks: grants.map(view), conflicts: [])
    }

    public func renewedText(_ grants: [LockGrant]) -> String {
        grants.isEmpty ? "You hold no locks." : grants.map { line("renewed", $0) }.joined(separator: "\n")
    }

    /// `coord unlock`.
    public func released(_ release: Locks.Release) -> UnlockDocument {
        UnlockDocument(now: now, released: release.released.map(view), broken: release.broken.map(view))
    }

    public func releasedText(_ release: Locks.Release) -> String {
        var lines = release.released.map { "unlocked \($0.path) (token \($0.token))" }
        lines += release.broken.map { "broke \($0.holder)'s lock on \($0.path) (token \($0.token))" }
        return lines.isEmpty ? "You hold no locks." : Self.joinedLines(lines)
    }

    /// `lines` joined with newlines, by hand: `joined(separator:)` costs a
    /// runtime conformance lookup that every `lock` and `unlock` would pay.
    static func joinedLines(_ lines: [String]) -> String {
        var text = ""
        for (position, line) in lines.enumerated() {
            if position > 0 { text += "\n" }
            text += line
        }
        return text
    }

    // MARK: check

    public func checked(_ check: Locks.Check) -> LockResultDocument {
        LockResultDocument(ok: check.isClear, now: now, locks: check.own.map(view), conflicts: views(check.conflicts))
    }

    /// The locks in the way, then (unless `quiet`) every other path as yours or free; nil when there is nothing to print.
    public func checkedText(_ check: Locks.Check, quiet: Bool) -> String? {
        var lines = check.conflicts.map(describe)
        if !quiet {
            for path in check.paths where !check.conflicts.contains(where: { $0.requested == path }) {
                if let own = check.own.first(where: { $0.path.overlaps(path) }) {
                    lines.append("\(path): yours (token \(own.token), until \(clock(own.expires)))")
                } else if let ended = check.ended.first(where: { $0.path.overlaps(path) }) {
                    lines.append("\(path): free (\(ended.holder)'s lock on \(ended.path): \(HolderProcess.endedReason))")
                } else {
                    lines.append("\(path): free")
                }
            }
        }
        return lines.isEmpty ? nil : Self.joinedLines(lines)
    }

    // MARK: locks

    /// `coord locks`: the locks that block others now.
    public func current(_ grants: [LockGrant]) -> LocksDocument { LocksDocument(now: now, locks: grants.map(view)) }

    /// `coord locks --all`: recent grants with how they ended.
    public func history(_ entries: [Locks.HistoryEntry]) -> LocksDocument {
        LocksDocument(now: now, locks: entries.map { LockView($0, now: now, grace: grace) })
    }

    /// The table of `coord locks`.
    public func currentText(_ grants: [LockGrant]) -> String {
        guard !grants.isEmpty else { return "No locks are held." }
        let rows = grants.map { grant in
            ["\(grant.token)", grant.path.description, grant.holder, clock(grant.since),
             clock(grant.expires) + " (" + LockText.remaining(grant, now: now, grace: grace, zone: zone) + ")",
             Escaping.escape(grant.intent)]
        }
        return TextTable.lines([Self.header(last: "UNTIL")] + rows).joined(separator: "\n")
    }

    /// The table of `coord locks --all`.
    public func historyText(_ entries: [Locks.HistoryEntry]) -> String {
        guard !entries.isEmpty else { return "No locks in the recent history." }
        let rows = entries.map { entry in
            let grant = entry.grant
            let state: String
            switch entry.ending {
            case .held(let held): state = (held == .live ? "held until " : "in grace, expired ") + clock(grant.expires)
            case .released(let at): state = "released " + clock(at)
            case .broken(let at, let by, let reason): state = "broken by \(by) \(clock(at)): \(Escaping.escape(reason))"
            case .expired(let at): state = grant.holderProcessEnded ? HolderProcess.endedReason : "expired " + clock(at)
            }
            return ["\(grant.token)", grant.path.description, grant.holder, clock(grant.since), state,
                    Escaping.escape(grant.intent)]
        }
        return TextTable.lines([Self.header(last: "STATE")] + rows).joined(separator: "\n")
    }

    private static func header(last: String) -> [String] { ["TOKEN", "PATH", "HOLDER", "SINCE", last, "INTENT"] }

    // MARK: Pieces

    /// `locked src/auth (token 17) until 16:02 (2h)`.
    public func line(_ verb: String, _ grant: LockGrant) -> String {
        "\(verb) \(grant.path) (token \(grant.token)) until \(clock(grant.expires)) (\(DurationText.format(seconds: grant.ttl)))"
    }

    public func describe(_ conflict: LockConflict) -> String {
        LockText.describe(conflict, zone: zone, now: now, grace: grace)
    }

    func clock(_ date: Date) -> String { LockText.clock(date, zone: zone, now: now) }
}

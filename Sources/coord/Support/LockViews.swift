import ArgumentParser
import CoordStorage
import CoordinationKit
import FoundationEssentials

/// One lock in `--json` output: the seed's LOCKS.json entry (`path`, `holder`,
/// `since`, `intent`) plus `expires`, `token` and where it stands. Instants are
/// ISO 8601 with the board's UTC offset.
struct LockView: Encodable {
    var path: String
    var holder: String
    var since: String
    var intent: String
    var expires: String
    var token: Int64
    /// live, grace, released, broken or expired.
    var state: String
    /// Seconds until `expires` (negative in the grace period); only for held locks.
    var remainingSeconds: Int64?
    var ttlSeconds: Int64
    var renewed: String?
    var ended: String?
    var endedBy: String?
    var reason: String?

    init(_ grant: LockGrant, now: Date, grace: Int64, zone: BoardTimeZone) {
        path = grant.path.description
        holder = grant.holder
        since = Timestamp.local(grant.since, in: zone)
        intent = grant.intent
        expires = Timestamp.local(grant.expires, in: zone)
        token = grant.token
        let state = grant.state(at: now, grace: grace)
        self.state = state == .lapsed ? "expired" : state.rawValue
        remainingSeconds = state == .lapsed ? nil : Int64(grant.expires.timeIntervalSince(now).rounded(.up))
        ttlSeconds = grant.ttl
        renewed = grant.renewed.map { Timestamp.local($0, in: zone) }
    }

    init(_ entry: Locks.HistoryEntry, now: Date, grace: Int64, zone: BoardTimeZone) {
        self.init(entry.grant, now: now, grace: grace, zone: zone)
        switch entry.ending {
        case .held: break
        case .released(let at):
            (state, remainingSeconds, ended) = ("released", nil, Timestamp.local(at, in: zone))
        case .broken(let at, let by, let reason):
            (state, remainingSeconds, ended) = ("broken", nil, Timestamp.local(at, in: zone))
            (endedBy, self.reason) = (by, reason)
        case .expired(let at):
            (state, remainingSeconds, ended) = ("expired", nil, Timestamp.local(at, in: zone))
        }
    }

    enum CodingKeys: String, CodingKey {
        case path, holder, since, intent, expires, token, state, renewed, ended, reason
        case remainingSeconds = "remaining_seconds"
        case ttlSeconds = "ttl_seconds"
        case endedBy = "ended_by"
    }
}

/// A requested path and the lock in its way, flat: `requested` plus the lock's fields.
struct ConflictView: Encodable {
    var requested: String
    var lock: LockView

    enum CodingKeys: String, CodingKey { case requested }

    func encode(to encoder: any Encoder) throws {
        try lock.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requested, forKey: .requested)
    }
}

/// `coord locks --json` (format 1): `{"v":1,"now":…,"locks":[…]}`.
struct LocksDocument: Encodable {
    var v = 1
    var now: String
    var locks: [LockView]
}

/// `lock`, `renew`, `check` and `run` with `--json` (format 1).
struct LockResultDocument: Encodable {
    var v = 1
    var ok: Bool
    var now: String
    /// What the caller holds on the paths afterwards.
    var locks: [LockView]
    /// Locks by others in the way; empty when `ok`.
    var conflicts: [ConflictView]
}

/// `unlock --json` (format 1).
struct UnlockDocument: Encodable {
    var v = 1
    var now: String
    var released: [LockView]
    var broken: [LockView]
}

/// Rendering shared by the lock commands.
struct LockPresenter {
    let workspace: Workspace
    let settings: LockSettings
    let now: Date

    init(_ workspace: Workspace, settings: LockSettings = .standard) {
        self.workspace = workspace
        self.settings = settings
        now = workspace.clock.now()
    }

    var zone: BoardTimeZone { workspace.timeZone }
    var stamp: String { Timestamp.local(now, in: zone) }

    func view(_ grant: LockGrant) -> LockView { LockView(grant, now: now, grace: settings.grace, zone: zone) }

    func views(_ conflicts: [LockConflict]) -> [ConflictView] {
        conflicts.map { ConflictView(requested: $0.requested.description, lock: view($0.held)) }
    }

    /// `locked src/auth (token 17) until 16:02 (2h)`.
    func line(_ verb: String, _ grant: LockGrant) -> String {
        "\(verb) \(grant.path) (token \(grant.token)) until \(LockText.clock(grant.expires, zone: zone, now: now)) "
            + "(\(DurationText.format(seconds: grant.ttl)))"
    }

    func describe(_ conflict: LockConflict) -> String {
        LockText.describe(conflict, zone: zone, now: now, grace: settings.grace)
    }

    /// The conflicts on stderr, then what to do, for `lock` and `run`.
    func reportConflicts(_ conflicts: [LockConflict], in context: CommandContext, json: Bool) throws {
        if json {
            try context.printJSON(LockResultDocument(ok: false, now: stamp, locks: [], conflicts: views(conflicts)))
        }
        for conflict in conflicts { context.printError("coord: \(describe(conflict))") }
        let holders = Array(Set(conflicts.map(\.held.holder))).sorted().joined(separator: " or ")
        context.printError("coord: nothing was locked; work elsewhere, wait with --wait 10m, or ask \(holders).")
    }
}

/// Options shared by commands that take a lock.
struct LockTimingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("How long the lock lasts unless renewed: 90s, 45m, 2h, 1d (default 2h, at most 7d).",
                               valueName: "DURATION"))
    var ttl: String?

    @Option(help: ArgumentHelp("When the path is held, keep trying for up to this long (e.g. 30s, 10m) before giving up.",
                               valueName: "DURATION"))
    var wait: String?

    @Flag(help: "Post nothing to the bulletin.")
    var quiet = false

    func validate() throws {
        for (flag, value) in [("--ttl", ttl), ("--wait", wait)] {
            if let value, DurationText.seconds(in: value) == nil {
                throw ValidationError("\(flag) takes a duration such as 90s, 45m or 2h, not '\(value)'.")
            }
        }
    }

    var ttlSeconds: Int64? { ttl.flatMap(DurationText.seconds(in:)) }
    var waitSeconds: Int64? { wait.flatMap(DurationText.seconds(in:)) }
}

extension Array where Element == String {
    /// The arguments as lock paths, normalised; the first bad one is an error.
    func lockPaths() throws -> [LockPath] { try map { try LockPath($0) } }
}

extension CommandContext {
    /// The board's locks.
    func locks(_ workspace: Workspace) -> Locks {
        Locks(workspace)
    }
}

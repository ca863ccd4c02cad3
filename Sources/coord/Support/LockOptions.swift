import ArgumentParser
import CoordStorage
import CoordinationKit

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
        try Self.validateDuration(ttl, flag: "--ttl")
        try Self.validateDuration(wait, flag: "--wait")
    }

    /// Refuses a `flag` value that is not a duration; what every command taking
    /// a --ttl or --wait checks in its `validate()`.
    static func validateDuration(_ value: String?, flag: String) throws {
        if let value, DurationText.seconds(in: value) == nil {
            throw ValidationError("\(flag) takes a duration such as 90s, 45m or 2h, not '\(value)'.")
        }
    }

    var ttlSeconds: Int64? { ttl.flatMap(DurationText.seconds(in:)) }
    var waitSeconds: Int64? { wait.flatMap(DurationText.seconds(in:)) }
}

/// `--pid`: binds a lock or claim to a process (see docs/locks.md).
struct ProcessBindingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Bind to this running process: once it ends, the next taker on this host gets it at once, not at expiry (default: $COORD_PID).",
        valueName: "PID"))
    var pid: String?
}

extension CommandContext {
    /// The process a lock or claim is bound to: `--pid`, else `$COORD_PID`
    /// (empty counts as unset, `none` binds nothing), else none. A bad or not running pid is an error.
    func holderProcess(_ pid: String?) throws -> HolderProcess? {
        if let pid { return try HolderProcess.resolve(pid, flag: "--pid") }
        guard let text = environment.lookup("COORD_PID"), !text.isEmpty, text != "none" else { return nil }
        return try HolderProcess.resolve(text, flag: "COORD_PID")
    }

    /// False when `$COORD_PID` is `none`: `coord run` then leaves its lock unbound.
    var bindsRunToItself: Bool { environment.lookup("COORD_PID") != "none" }
}

extension Array where Element == String {
    /// The arguments as lock paths, normalised; the first bad one is an error.
    func lockPaths() throws -> [LockPath] { try map { try LockPath($0) } }
}

extension CommandContext {
    /// The board's locks, with the defaults of its `config.json`.
    func locks(_ workspace: Workspace) throws -> Locks {
        Locks(workspace, settings: try BoardSettings.load(workspace).lockSettings)
    }
}

import CoordStorage
import FoundationEssentials

/// The read side: `coord locks`, `coord locks --all` and `coord check`.
/// Reads take no lock: appends are atomic and compaction renames.
extension Locks {
    /// The locks that block others now (live or in grace), by path.
    public func current() throws -> (now: Date, grants: [LockGrant]) {
        let now = workspace.clock.now()
        let table = LockTable(try journal.read().records.lazy.map(\.value), grace: settings.grace, asOf: now)
        return (now, table.blocking(at: now))
    }

    /// What `coord check` found.
    public struct Check: Sendable, Equatable {
        public var now: Date
        public var paths: [LockPath]
        /// Overlapping locks held by others: any of these makes the check fail.
        public var conflicts: [LockConflict]
        /// Overlapping locks the caller holds.
        public var own: [LockGrant]
        /// Overlapping grants by others that would block but whose bound process ended on this host: free.
        public var ended: [LockGrant] = []
        public var isClear: Bool { conflicts.isEmpty }
    }

    /// Whether `agent` may work on `paths`: free, or held by `agent` only.
    public func check(_ paths: [LockPath], for agent: AgentName) throws -> Check {
        let now = workspace.clock.now()
        let paths = Self.unique(paths)
        if let grants = try cachedGrants(asOf: now) {
            // The grants the table would hold, without building its indexes:
            // `LockTable.conflicts` and `blocking` over a plain list.
            let grace = settings.grace
            let conflicts = paths.flatMap { path in
                LockTable.conflicts(among: grants.filter { $0.path.overlaps(path) }, with: path, for: agent.rawValue,
                                    at: now, grace: grace)
            }
            let own = LockTable.blocking(among: grants, at: now, grace: grace).filter { grant in
                grant.holder == agent.rawValue && paths.contains(where: grant.path.overlaps)
            }
            return Check(now: now, paths: paths, conflicts: conflicts, own: own,
                         ended: Self.endedHolders(among: grants, overlapping: paths, at: now, grace: grace))
        }
        let table = try table(asOf: now)
        let conflicts = paths.flatMap { table.conflicts(with: $0, for: agent.rawValue, at: now) }
        let own = table.grants.values.filter { grant in
            grant.holder == agent.rawValue && paths.contains(where: grant.path.overlaps)
                && grant.state(at: now, grace: settings.grace) != .lapsed
        }.sorted { $0.path < $1.path }
        return Check(now: now, paths: paths, conflicts: conflicts, own: own,
                     ended: Self.endedHolders(among: table.grants.values, overlapping: paths, at: now, grace: settings.grace))
    }

    /// Grants on `paths` that would still block by time but whose bound process
    /// ended on this host. Only grants that carry a binding are looked at again
    /// (one liveness check each).
    static func endedHolders(among grants: some Sequence<LockGrant>, overlapping paths: [LockPath], at now: Date,
                             grace: Int64) -> [LockGrant] {
        grants.filter { grant in
            grant.process != nil && now < grant.freeAt(grace: grace) && paths.contains(where: grant.path.overlaps)
                && grant.holderProcessEnded
        }.sorted { $0.path < $1.path }
    }

    // MARK: History

    /// One grant from start to end, for `coord locks --all`.
    public struct HistoryEntry: Sendable, Equatable {
        public enum Ending: Sendable, Equatable {
            /// Still held (live or in grace).
            case held(LockGrant.State)
            case released(at: Date)
            case broken(at: Date, by: String, reason: String)
            /// Lapsed: `at` is the expiry (and nobody renewed it).
            case expired(at: Date)
        }

        public var grant: LockGrant
        public var ending: Ending
    }

    /// The most recent `limit` grants, newest last: those in `locks.jsonl` and,
    /// after compaction, those at the end of the newest archive files (up to
    /// `archiveBytes` of them, so the cost stays bounded on a long history).
    public func history(limit: Int, archiveBytes: Int64 = 512 * 1024) throws -> [HistoryEntry] {
        let now = workspace.clock.now()
        var events = try archiveTail(bytes: archiveBytes)
        events += try journal.read().events
        var order: [String] = []
        var entries: [String: HistoryEntry] = [:]
        var seen: Set<String> = []
        for event in events where event.at <= now && seen.insert(event.id).inserted {
            guard let path = event.path else { continue }
            let key = "\(event.token) \(path)"
            switch event.event {
            case .acquire:
                guard let holder = event.holder, let expires = event.expires, entries[key] == nil else { continue }
                var grant = LockGrant(path: path, holder: holder, token: event.token, since: event.at, expires: expires,
                                      ttl: event.ttl ?? 0, intent: event.intent ?? "", renewed: nil,
                                      acquireID: event.id, renewID: nil)
                grant.process = event.process
                entries[key] = HistoryEntry(grant: grant, ending: .held(.live))
                order.append(key)
            case .renew:
                guard let expires = event.expires, case .held = entries[key]?.ending else { continue }
                entries[key]?.grant.expires = expires
                entries[key]?.grant.renewed = event.at
                if let intent = event.intent { entries[key]?.grant.intent = intent }
            case .release:
                if case .held = entries[key]?.ending { entries[key]?.ending = .released(at: event.at) }
            case .break:
                if case .held = entries[key]?.ending {
                    entries[key]?.ending = .broken(at: event.at, by: event.by ?? "?", reason: event.reason ?? "")
                }
            case .expire:
                if case .held = entries[key]?.ending, let grant = entries[key]?.grant {
                    entries[key]?.ending = .expired(at: grant.expires)
                }
            default:
                continue
            }
        }
        var result: [HistoryEntry] = []
        for key in order.suffix(limit) {
            guard var entry = entries[key] else { continue }
            if case .held = entry.ending {
                let state = entry.grant.state(at: now, grace: settings.grace)
                entry.ending = state == .lapsed ? .expired(at: entry.grant.expires) : .held(state)
            }
            result.append(entry)
        }
        return result
    }

    /// Records at the end of the archive, newest files first, up to `bytes` in all; oldest first.
    private func archiveTail(bytes budget: Int64) throws -> [LockEvent] {
        guard budget > 0, let folder = try workspace.board.subdirectory(LockArchive.folder, create: false) else {
            return []
        }
        let names = try folder.listNames().filter { $0.hasPrefix("locks-") && $0.hasSuffix(".jsonl") }
        var remaining = budget
        var chunks: [[LockEvent]] = []
        for name in names.reversed() where remaining > 0 {
            guard let file = try folder.openFile(name, mode: .readOnly) else { continue }
            let size = try file.size()
            let start = max(0, size - remaining)
            var bytes = try file.read(start ..< size)
            remaining -= Int64(bytes.count)
            if start > 0, let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) {
                bytes.removeSubrange(...newline)  // the first line was cut by the window
            }
            chunks.append(try RecordJournal<LockEvent>.parse(bytes, path: folder.child(name)).events)
        }
        return chunks.reversed().flatMap { $0 }
    }
}

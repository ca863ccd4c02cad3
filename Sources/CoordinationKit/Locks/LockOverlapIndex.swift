import CoordStorage
/// The paths of the current grants, indexed so that the grants overlapping
/// one path are found without looking at the others.
///
/// Two paths overlap when one contains the other, by whole components, so the
/// grants overlapping `src/auth` are those on `src/auth` itself, on the
/// folders above it (`src`, `.`), found by walking up its components, and
/// those below it, kept in a set for every folder above a granted path. This
/// keeps the lock fold linear in the journal: a history of 100,000 lapsed
/// grants on distinct paths costs each new grant a few dictionary lookups,
/// not a pass over all of them.
///
/// Paths are keyed by `LockPath.key`, a `String`: a dictionary keyed by
/// `LockPath` itself would make each process look up `LockPath: Hashable` in
/// the runtime's conformance records the first time (a scan of all of them),
/// while `String: Hashable` is looked up anyway by the JSON encoder.
struct LockOverlapIndex: Sendable {
    /// For each folder above a granted path (by key): the keys of the granted paths below it.
    private var below: [String: Set<String>] = [:]

    mutating func insert(_ path: LockPath, key: String) {
        for folder in path.folderKeys { below[folder, default: []].insert(key) }
    }

    mutating func remove(_ path: LockPath, key: String) {
        for folder in path.folderKeys {
            below[folder]?.remove(key)
            if below[folder]?.isEmpty == true { below[folder] = nil }
        }
    }

    /// The grants among `granted` (keyed by `LockPath.key`) that overlap `path`, in path order.
    func overlapping(_ path: LockPath, in granted: [String: LockGrant]) -> [LockGrant] {
        var found = path.folderKeys.compactMap { granted[$0] }
        let key = path.key
        if let grant = granted[key] { found.append(grant) }
        if let keys = below[key] { found += keys.compactMap { granted[$0] } }
        return found.sorted { $0.path < $1.path }
    }
}

extension LockPath {
    /// A text that names exactly this path: equal keys for equal paths, and
    /// different keys for different ones (the root, a newline, then `/` and
    /// each component; a root holds no newline and a component no `/`).
    var key: String {
        var text = root
        text += "\n"
        for component in components {
            text += "/"
            text += component
        }
        return text
    }

    /// The keys of the folders above this path, outermost first (`.` and `src` for `src/auth`).
    var folderKeys: [String] {
        var keys: [String] = []
        keys.reserveCapacity(components.count)
        var text = root
        text += "\n"
        for component in components {
            keys.append(text)
            text += "/"
            text += component
        }
        return keys
    }
}

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
struct LockOverlapIndex: Sendable {
    private var below: [LockPath: Set<LockPath>] = [:]

    mutating func insert(_ path: LockPath) {
        for folder in path.folders { below[folder, default: []].insert(path) }
    }

    mutating func remove(_ path: LockPath) {
        for folder in path.folders {
            below[folder]?.remove(path)
            if below[folder]?.isEmpty == true { below[folder] = nil }
        }
    }

    /// The paths among `granted` that overlap `path`, in path order.
    func overlapping<Value>(_ path: LockPath, in granted: [LockPath: Value]) -> [Value] {
        var paths = path.folders.filter { granted[$0] != nil }
        if granted[path] != nil { paths.append(path) }
        paths += (below[path] ?? []).filter { granted[$0] != nil }
        return paths.sorted().compactMap { granted[$0] }
    }
}

extension LockPath {
    private init(root: String, components: ArraySlice<String>) {
        self.root = root
        self.components = Array(components)
    }

    /// The folders above this path, outermost first (`.` and `src` for `src/auth`).
    var folders: [LockPath] {
        (0 ..< components.count).map { LockPath(root: root, components: components[..<$0]) }
    }
}

import CoordStorage

/// A file on disk named the way locks name it: relative to the workspace root
/// when it lies inside it, else absolute.
public enum WorkspacePath {
    /// `file` (absolute, or relative to `directory`) as a lock path of `workspace`.
    public static func lockPath(of file: String, from directory: String, in workspace: Workspace) throws -> LockPath {
        let absolute = Workspace.normalise(file.hasPrefix("/") ? file : Workspace.join(directory, file))
        let roots = rootSpellings(of: workspace)
        if let inside = relative(absolute, to: roots) { return try LockPath(inside) }
        // The file may be reached through a symlinked folder (or not exist yet): try its parent's real path.
        let parent = Workspace.parent(of: absolute)
        if let real = SystemCall.realPath(parent), real != parent,
            let inside = relative(
                Workspace.join(real, String(absolute.dropFirst(parent.count).drop(while: { $0 == "/" }))),
                to: roots)
        {
            return try LockPath(inside)
        }
        return try LockPath(absolute)
    }

    private static func relative(_ absolute: String, to roots: [String]) -> String? {
        for root in roots {
            if absolute == root { return "." }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if absolute.hasPrefix(prefix) { return String(absolute.dropFirst(prefix.count)) }
        }
        return nil
    }

    /// The workspace root as given and as resolved on disk.
    private static func rootSpellings(of workspace: Workspace) -> [String] {
        let given = Workspace.normalise(workspace.root)
        guard let real = SystemCall.realPath(given), real != given else { return [given] }
        return [given, real]
    }
}

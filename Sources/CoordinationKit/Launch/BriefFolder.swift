import CoordStorage

/// `.agents/briefs/` under the workspace root, where the Meta-Observer
/// pattern keeps its worker and observer briefs.
///
/// The root is the folder the user works in, so a symlink there is followed;
/// `.agents` and `briefs` are opened from it with `openat` and `O_NOFOLLOW`,
/// and briefs are written by atomic rename, so a planted link is never
/// written through.
struct BriefFolder {
    static let components = [".agents", "briefs"]
    static let relativePath = components.joined(separator: "/")

    let root: BoardDirectory

    init(workspaceRoot: String) throws {
        root = try BoardDirectory.openFollowingLink(workspaceRoot)
    }

    /// `.agents/briefs/<name>`, for messages and reports.
    static func relative(_ name: String) -> String { relativePath + "/" + name }

    /// True when `name` exists in the folder (any kind of entry). Creates nothing.
    func exists(_ name: String) throws -> Bool {
        var folder = root
        for component in Self.components {
            guard let next = try folder.subdirectory(component, create: false) else { return false }
            folder = next
        }
        return folder.exists(name)
    }

    /// Writes `text` to `name` atomically, creating the folders when missing.
    func write(_ name: String, _ text: String) throws {
        var folder = root
        for component in Self.components {
            guard let next = try folder.subdirectory(component, create: true) else {
                throw CoordError.io("create the folder", path: folder.child(component), errno: SystemCall.noSuchFile)
            }
            folder = next
        }
        try folder.replace(name, with: Array(text.utf8))
    }
}

extension BoardDirectory {
    /// Opens a folder the user named (such as the workspace root), following a
    /// symlink at that path; everything below it is opened without following.
    static func openFollowingLink(_ path: String) throws -> BoardDirectory {
        let fd = SystemCall.openDirectory(path, followFinalLink: true)
        guard fd >= 0 else { throw CoordError.io("open the folder", path: path, errno: SystemCall.lastError) }
        return BoardDirectory(path: path, descriptor: fd, isGroupShared: SystemCall.status(of: fd)?.isSetGroupID ?? false)
    }
}

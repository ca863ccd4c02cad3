import CoordStorage

/// Reading and writing the memory graph file a user names (`-` for the
/// standard streams). The file is the user's, so a symlink at its path is
/// followed when reading; writing replaces it atomically (a temporary file
/// renamed over it), so readers never see half a graph.
public enum MemoryGraphFile {
    /// Larger graphs exist, but not as a team's shared memory.
    public static let maximumBytes = 256 * 1024 * 1024

    public static func read(_ path: String, currentDirectory: String) throws -> [UInt8] {
        let absolute = path.hasPrefix("/") ? path : Workspace.join(currentDirectory, path)
        let fd = SystemCall.openReadOnly(absolute)
        guard fd >= 0 else {
            if SystemCall.lastError == SystemCall.noSuchFile {
                throw CoordError(.io, "The memory graph '\(path)' does not exist; pass the path of the memory server's JSONL file (often memory.jsonl).")
            }
            throw CoordError.io("open", path: path, errno: SystemCall.lastError)
        }
        let file = BoardFile(path: path, descriptor: fd)
        guard let status = SystemCall.status(of: fd), status.isRegular else {
            throw CoordError.invalidInput("'\(path)' is not a regular file; pass the memory server's JSONL file.")
        }
        guard status.size <= Int64(maximumBytes) else {
            throw CoordError.invalidInput("'\(path)' is larger than \(maximumBytes / 1024 / 1024) MiB; is it really a memory graph?")
        }
        return try file.readAll()
    }

    public static func write(_ bytes: [UInt8], to path: String, currentDirectory: String) throws {
        let absolute = Workspace.normalise(path.hasPrefix("/") ? path : Workspace.join(currentDirectory, path))
        let name = String(absolute.split(separator: "/").last ?? "")
        guard !name.isEmpty else { throw CoordError.invalidInput("'\(path)' names no file; pass a file path such as memory.jsonl.") }
        let folder = try BoardDirectory.openFollowingLink(Workspace.parent(of: absolute))
        if let status = SystemCall.status(at: folder.descriptor, name), status.isDirectory {
            throw CoordError.invalidInput("'\(path)' is a folder; pass a file path such as \(path)/memory.jsonl.")
        }
        try folder.replace(name, with: bytes)
    }
}

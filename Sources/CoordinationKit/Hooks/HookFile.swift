import CoordStorage

/// Writes an executable hook script, replacing any file there atomically.
enum HookFile {
    static func write(_ text: String, named name: String, in folder: String) throws {
        let path = Workspace.join(folder, name)
        if SystemCall.status(ofPath: folder) == nil, SystemCall.makeDirectory(folder, permissions: 0o755) != 0 {
            throw CoordError.io("create the hooks folder", path: folder, errno: SystemCall.lastError)
        }
        // The hooks folder may be a link (a shared hooks folder): follow it.
        let directory = SystemCall.openDirectory(folder, followFinalLink: true)
        guard directory >= 0 else { throw CoordError.io("open the hooks folder", path: folder, errno: SystemCall.lastError) }
        defer { SystemCall.close(directory) }
        let temporary = ".\(name).\(SystemCall.processID).tmp"
        let fd = SystemCall.createExclusive(at: directory, temporary, permissions: 0o755)
        guard fd >= 0 else { throw CoordError.io("create", path: Workspace.join(folder, temporary), errno: SystemCall.lastError) }
        let file = BoardFile(path: Workspace.join(folder, temporary), descriptor: fd)
        do {
            try file.writeAll(Array(text.utf8))
            _ = SystemCall.changeMode(fd, 0o755)
            guard SystemCall.rename(at: directory, temporary, to: name) else {
                throw CoordError.io("install", path: path, errno: SystemCall.lastError)
            }
        } catch {
            _ = SystemCall.removeFile(at: directory, temporary)
            throw error
        }
    }
}

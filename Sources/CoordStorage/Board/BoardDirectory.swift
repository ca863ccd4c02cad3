/// An open `.coordination/` folder (or one of its subfolders).
///
/// The folder is opened once with `O_DIRECTORY|O_NOFOLLOW`, and every file in
/// it is opened relative to that descriptor with `O_NOFOLLOW`, so a symlink
/// planted at any board path is refused instead of followed. Regular files
/// must have exactly one link, so a planted hard link is refused too.
public final class BoardDirectory: @unchecked Sendable {
    /// The folder's path, for messages only: all access goes through `descriptor`.
    public let path: String
    package let descriptor: Int32
    /// True when the folder is group-shared (setgid): new files get group read/write.
    package let isGroupShared: Bool

    package init(path: String, descriptor: Int32, isGroupShared: Bool) {
        self.path = path
        self.descriptor = descriptor
        self.isGroupShared = isGroupShared
    }

    deinit { SystemCall.close(descriptor) }

    /// Opens an existing board folder at `path`, refusing a symlink there.
    public static func open(_ path: String) throws -> BoardDirectory {
        let fd = SystemCall.openDirectory(path, followFinalLink: false)
        guard fd >= 0 else {
            let code = SystemCall.lastError
            if code == SystemCall.tooManyLinks || code == SystemCall.notADirectory {
                throw CoordError.unsafeFile(path: path, reason: "it is a symbolic link or not a folder")
            }
            throw CoordError.io("open the folder", path: path, errno: code)
        }
        let status = SystemCall.status(of: fd)
        let shared = status?.isSetGroupID ?? false
        if shared, let status { Self.grantGroupAccess(fd, status, folder: true) }
        return BoardDirectory(path: path, descriptor: fd, isGroupShared: shared)
    }

    package func child(_ name: String) -> String { path.hasSuffix("/") ? path + name : path + "/" + name }

    // MARK: Files

    /// Opens `name` in this folder, checking that it is a plain file with one link.
    public func openFile(_ name: String, mode: FileAccess, create: Bool = false) throws -> BoardFile? {
        precondition(!name.contains("/"), "board file names are single components")
        let fd = SystemCall.openFile(at: descriptor, name, mode: mode, create: create, permissions: filePermissions)
        guard fd >= 0 else {
            let code = SystemCall.lastError
            if code == SystemCall.noSuchFile && !create { return nil }
            if code == SystemCall.tooManyLinks {
                throw CoordError.unsafeFile(path: child(name), reason: "it is a symbolic link")
            }
            throw CoordError.io("open", path: child(name), errno: code)
        }
        let file = BoardFile(path: child(name), descriptor: fd)
        // A reader changes nothing, not even a file's mode.
        try verifyPlainFile(file, grantingGroupAccess: mode != .readOnly)
        return file
    }

    /// Opens `name`, creating it when missing.
    public func openOrCreate(_ name: String, mode: FileAccess) throws -> BoardFile {
        guard let file = try openFile(name, mode: mode, create: true) else {
            throw CoordError.io("create", path: child(name), errno: SystemCall.noSuchFile)
        }
        return file
    }

    private var filePermissions: UInt32 { isGroupShared ? 0o664 : 0o644 }

    private func verifyPlainFile(_ file: BoardFile, grantingGroupAccess: Bool = true) throws {
        guard let status = SystemCall.status(of: file.descriptor) else {
            throw CoordError.io("inspect", path: file.path, errno: SystemCall.lastError)
        }
        guard status.isRegular else {
            throw CoordError.unsafeFile(path: file.path, reason: "it is not a regular file")
        }
        guard status.linkCount == 1 else {
            throw CoordError.unsafeFile(path: file.path, reason: "it has \(status.linkCount) hard links")
        }
        if isGroupShared && grantingGroupAccess { Self.grantGroupAccess(file.descriptor, status, folder: false) }
    }

    /// On a group-shared board the writer's umask must not lock the group out:
    /// what this user owns gets group read/write (and search, for folders).
    /// Others' files are left alone (only their owner may change them).
    package static func grantGroupAccess(_ fd: Int32, _ status: SystemCall.FileStatus, folder: Bool) {
        let wanted: UInt32 = folder ? 0o070 : 0o060
        guard status.mode & wanted != wanted, status.ownerID == SystemCall.effectiveUserID else { return }
        _ = SystemCall.changeMode(fd, (status.mode & 0o7777) | wanted)
    }

    /// The whole content of `name`, or nil when the file does not exist.
    public func read(_ name: String) throws -> [UInt8]? {
        guard let file = try openFile(name, mode: .readOnly) else { return nil }
        return try file.readAll()
    }

    public func exists(_ name: String) -> Bool {
        SystemCall.status(at: descriptor, name) != nil
    }

    /// Replaces `name` with `bytes` atomically: readers see the old file or the new one, never a mix.
    public func replace(_ name: String, with bytes: [UInt8]) throws {
        try replace(name, withParts: [bytes])
    }

    /// As `replace(_:with:)`, with the new contents given as `parts` written one
    /// after another (a large file need not be joined in memory first).
    public func replace(_ name: String, withParts parts: [[UInt8]]) throws {
        let temporary = ".\(name).\(SystemCall.processID).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = SystemCall.createExclusive(at: descriptor, temporary, permissions: filePermissions)
        guard fd >= 0 else { throw CoordError.io("create", path: child(temporary), errno: SystemCall.lastError) }
        let file = BoardFile(path: child(temporary), descriptor: fd)
        do {
            try verifyPlainFile(file)
            var offset: Int64 = 0
            for part in parts {
                try file.writeAll(part, at: offset)
                offset += Int64(part.count)
            }
            guard SystemCall.rename(at: descriptor, temporary, to: name) else {
                throw CoordError.io("replace", path: child(name), errno: SystemCall.lastError)
            }
        } catch {
            _ = SystemCall.removeFile(at: descriptor, temporary)
            throw error
        }
    }

    /// Removes `name`; true when it was there.
    @discardableResult
    public func remove(_ name: String) -> Bool {
        SystemCall.removeFile(at: descriptor, name)
    }

    public func listNames() throws -> [String] {
        guard let names = SystemCall.listDirectory(descriptor) else {
            throw CoordError.io("list", path: path, errno: SystemCall.lastError)
        }
        return names.sorted()
    }

    // MARK: Subfolders

    /// Opens the subfolder `name`, creating it when `create` is set; nil when missing.
    public func subdirectory(_ name: String, create: Bool) throws -> BoardDirectory? {
        precondition(!name.contains("/") && name != ".." && name != ".", "subfolder names are single components")
        var fd = SystemCall.openDirectory(at: descriptor, name)
        if fd < 0 && SystemCall.lastError == SystemCall.noSuchFile {
            guard create else { return nil }
            let made = SystemCall.makeDirectory(at: descriptor, name, permissions: isGroupShared ? 0o2775 : 0o755)
            if made != 0 && SystemCall.lastError != SystemCall.alreadyExists {
                throw CoordError.io("create the folder", path: child(name), errno: SystemCall.lastError)
            }
            fd = SystemCall.openDirectory(at: descriptor, name)
        }
        guard fd >= 0 else {
            let code = SystemCall.lastError
            if code == SystemCall.tooManyLinks || code == SystemCall.notADirectory {
                throw CoordError.unsafeFile(path: child(name), reason: "it is a symbolic link or not a folder")
            }
            throw CoordError.io("open the folder", path: child(name), errno: code)
        }
        let status = SystemCall.status(of: fd)
        let shared = status?.isSetGroupID ?? isGroupShared
        if shared, let status { Self.grantGroupAccess(fd, status, folder: true) }
        return BoardDirectory(path: child(name), descriptor: fd, isGroupShared: shared)
    }

    // MARK: The board lock

    /// Runs `body` while holding `flock(LOCK_EX)` on `.coordination/.lock`.
    ///
    /// This is the board's one critical section: every read-decide-append runs
    /// inside it, and `flock .coordination/.lock cmd` from a shell takes the same lock.
    public func withExclusiveLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try BoardLock.acquire(in: self)
        defer { lock.release() }
        BoardWrites.current?.note(self)
        return try body()
    }

    /// The filesystem's `f_type` magic, for `coord doctor`.
    package var filesystemType: Int64? { SystemCall.filesystemType(of: descriptor) }
}

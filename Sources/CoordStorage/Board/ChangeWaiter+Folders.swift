/// Watching more than one folder: the board and its subfolders (workers,
/// decisions…), which inotify does not cover from the board's own watch.
extension ChangeWaiter {
    /// Watches `directories` (the first one must be the board itself).
    public convenience init(watching directories: [BoardDirectory]) throws {
        precondition(!directories.isEmpty, "watch at least one folder")
        try self.init(watching: directories[0])
        for directory in directories.dropFirst() { try watch(directory) }
    }

    /// Adds `directory` to what wakes this waiter; adding one twice is harmless.
    public func watch(_ directory: BoardDirectory) throws {
        guard SystemCall.addWatch(watchDescriptor, directory.path) >= 0 else {
            throw CoordError.io("watch", path: directory.path, errno: SystemCall.lastError)
        }
    }
}

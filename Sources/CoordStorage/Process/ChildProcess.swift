/// Runs a helper program (such as `coord-render`) directly, without a shell.
///
/// Its standard input, output and error are anonymous in-memory files rather
/// than pipes: the input is written before the child starts and the output is
/// read after it ends, so neither side can block on a full pipe, and a child
/// that exits early cannot raise SIGPIPE in coord.
public enum ChildProcess {
    public struct Result: Sendable, Equatable {
        public var status: Int32
        public var output: [UInt8]
        public var error: [UInt8]

        public var errorText: String { String(decoding: error, as: UTF8.self) }
    }

    /// Runs `path` with `arguments` (not including argv[0]), feeding `input`.
    public static func run(_ path: String, arguments: [String], input: [UInt8]) throws -> Result {
        // Each BoardFile owns its descriptor and closes it when released.
        let standardInput = try memoryFile("stdin", for: path)
        let standardOutput = try memoryFile("stdout", for: path)
        let standardError = try memoryFile("stderr", for: path)
        try standardInput.writeAll(input)
        guard SystemCall.rewind(standardInput.descriptor) else {
            throw CoordError.io("prepare the input of", path: path, errno: SystemCall.lastError)
        }
        let pid = SystemCall.spawn(path, arguments: [path] + arguments,
                                   streams: (standardInput.descriptor, standardOutput.descriptor, standardError.descriptor))
        guard pid > 0 else { throw CoordError.io("run", path: path, errno: SystemCall.lastError) }
        let status = SystemCall.waitForExit(pid)
        return Result(status: status, output: try standardOutput.readAll(), error: try standardError.readAll())
    }

    private static func memoryFile(_ name: String, for path: String) throws -> BoardFile {
        let fd = SystemCall.memoryFile(name)
        guard fd >= 0 else { throw CoordError.io("create the \(name) of", path: path, errno: SystemCall.lastError) }
        return BoardFile(path: path + " (" + name + ")", descriptor: fd)
    }

    public static func isExecutable(_ path: String) -> Bool { SystemCall.isExecutable(path) }

    /// The folder holding the running executable (from `/proc/self/exe`).
    public static var executableFolder: String? {
        guard let path = SystemCall.readLink("/proc/self/exe"), let slash = path.lastIndex(of: "/") else { return nil }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

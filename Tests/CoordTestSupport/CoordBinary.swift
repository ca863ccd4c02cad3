import FoundationEssentials
import Glibc

/// The built `coord` executable, for end-to-end tests.
///
/// Found through `COORD_BINARY` when set, else next to the test bundle in the
/// build folder (`swift build` puts both in `.build/<config>/`).
public enum CoordBinary {
    public static var path: String {
        if let explicit = getenv("COORD_BINARY") { return String(cString: explicit) }
        return buildFolder + "/coord"
    }

    /// `.build/<triple>/<config>`, from the running test executable's location.
    public static var buildFolder: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        var path = count > 0 ? String(decoding: buffer[0 ..< count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        // .../.build/x86_64-unknown-linux-gnu/debug/coordPackageTests.xctest
        while !path.isEmpty, FileBytes.exists(path + "/coord") == false {
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { break }
            path = String(path[..<slash])
        }
        return path
    }

    /// The optimised build when it was built after the last change to the
    /// package's sources, else `path`.
    ///
    /// Load tests launch thousands of processes; a debug build spends ~15 ms of
    /// each in swift-argument-parser's debug-only self-checks, a release build
    /// ~3 ms. A release binary older than any file under `Sources/` (or
    /// `Package.swift`) may not match the code under test, so it is never picked.
    /// `.ci/run` builds it before running the tests.
    public static var fastest: String {
        if getenv("COORD_BINARY") != nil { return path }
        let debug = buildFolder
        guard debug.hasSuffix("/debug") else { return path }
        let release = String(debug.dropLast("debug".count)) + "release/coord"
        guard let built = modificationTime(release) else { return path }
        let root = packageRoot
        let newestSource = max(newestModification(under: root + "/Sources"), modificationTime(root + "/Package.swift") ?? 0)
        return built > newestSource ? release : path
    }

    /// The package's root folder, from this file's path (Tests/CoordTestSupport/…).
    static var packageRoot: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    private static func modificationTime(_ path: String) -> Int64? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
    }

    /// The latest modification time of any file or folder under `folder`.
    private static func newestModification(under folder: String) -> Int64 {
        guard let stream = opendir(folder) else { return modificationTime(folder) ?? 0 }
        defer { closedir(stream) }
        var newest = modificationTime(folder) ?? 0
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let child = folder + "/" + name
            newest = max(newest, entry.pointee.d_type == UInt8(DT_DIR) ? newestModification(under: child) : modificationTime(child) ?? 0)
        }
        return newest
    }

    /// Runs `coord ARGS` in `directory` with a pinned clock and agent unless given.
    @discardableResult
    public static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                           input: String = "") throws -> ProcessResult {
        try Subprocess.run([fastest] + arguments, environment: environment, directory: directory, input: Array(input.utf8))
    }

    public static func start(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                             input: String = "") throws -> RunningProcess {
        try Subprocess.start([fastest] + arguments, environment: environment, directory: directory, input: Array(input.utf8))
    }
}

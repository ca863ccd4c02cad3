import CoordStorage
import CoordinationKit
import CoordTestSupport
import FoundationEssentials
import Glibc
import Testing

/// Several "hosts" (workspace folders, each with its own `.coordination/`)
/// sharing one bare git remote over file://, all in one temporary folder.
final class MultiHostScene: @unchecked Sendable {
    let root: String
    let hosts: [String]
    var remotePath: String { root + "/remote.git" }
    var url: String { "file://" + remotePath }

    init(hosts count: Int) throws {
        var template = Array("/tmp/coord-multihost-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CoordError(.io, "mkdtemp failed")
        }
        root = String(cString: made)
        hosts = (0 ..< count).map { "\(String(cString: made))/host-\($0)" }
        try git(["init", "--bare", "--quiet", remotePath])
        try git(["config", "receive.denyNonFastForwards", "true"], gitDirectory: remotePath)
        try git(["config", "receive.denyDeletes", "true"], gitDirectory: remotePath)
        for host in hosts {
            #expect(mkdir(host, 0o755) == 0)
            let initialised = try CoordBinary.run(["init"], in: host)
            #expect(initialised.status == 0, "\(initialised.standardError)")
            let added = try CoordBinary.run(["remote", "add", "origin", url], in: host)
            #expect(added.status == 0, "\(added.standardError)")
        }
    }

    deinit { _ = try? Subprocess.run(["/bin/rm", "-rf", root]) }

    static func environment(_ agent: String, at time: String = "2026-11-21T09:00:00Z") -> [String: String] {
        ["COORD_AGENT": agent, "COORD_NOW": time]
    }

    /// Runs `coord ARGS` on host `index` as `agent`.
    @discardableResult
    func coord(_ index: Int, _ arguments: [String], as agent: String = "agent", at time: String = "2026-11-21T09:00:00Z",
               input: String = "") throws -> ProcessResult {
        try CoordBinary.run(arguments, in: hosts[index], environment: Self.environment(agent, at: time), input: input)
    }

    func start(_ index: Int, _ arguments: [String], as agent: String = "agent",
               at time: String = "2026-11-21T09:00:00Z") throws -> RunningProcess {
        try CoordBinary.start(arguments, in: hosts[index], environment: Self.environment(agent, at: time))
    }

    @discardableResult
    func git(_ arguments: [String], gitDirectory: String? = nil, input: String = "") throws -> ProcessResult {
        var environment: [String: String] = ["GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                                             "GIT_COMMITTER_EMAIL": "t@t"]
        if let gitDirectory { environment["GIT_DIR"] = gitDirectory }
        let result = try Subprocess.run(["/usr/bin/git"] + arguments, environment: environment, directory: root,
                                        input: Array(input.utf8))
        #expect(result.status == 0, "git \(arguments.joined(separator: " ")): \(result.standardError)")
        return result
    }

    /// A file of host `index`'s board, or "" when missing.
    func contents(_ index: Int, _ relative: String) -> String {
        let path = hosts[index] + "/.coordination/" + relative
        guard let file = fopen(path, "r") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0 ..< n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The JSON records of `relative` on host `index`.
    func records(_ index: Int, _ relative: String) throws -> [[String: JSONValue]] {
        try JSONLines.objects(contents(index, relative))
    }
}

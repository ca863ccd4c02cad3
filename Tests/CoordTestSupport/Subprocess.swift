import FoundationEssentials
import Glibc

/// Runs real processes for end-to-end tests: the built `coord` binary, shells, flock(1).
public struct ProcessResult: Sendable {
    public var status: Int32
    public var standardOutput: String
    public var standardError: String
    /// Set when the process was ended by a signal.
    public var signal: Int32?
}

public enum Subprocess {
    /// Runs `arguments` (argv[0] is a path) with `environment` added to a minimal one,
    /// feeding `input` on stdin, and waits for it.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                           input: [UInt8] = []) throws -> ProcessResult {
        let child = try start(arguments, environment: environment, directory: directory, input: input)
        return child.wait()
    }

    /// Starts a process without waiting; call `wait()` on the result.
    public static func start(_ arguments: [String], environment: [String: String] = [:], directory: String? = nil,
                             input: [UInt8] = []) throws -> RunningProcess {
        let scratch = try ScratchFiles()
        FileBytes.write(scratch.input, input)
        var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8"]
        for (key, value) in environment { env[key] = value }
        // Run through sh so stdin/stdout/stderr redirection needs no posix_spawn file actions.
        var script = ""
        if let directory { script += "cd \(shellQuote(directory)) || exit 126; " }
        script += "exec " + arguments.map(shellQuote).joined(separator: " ")
        script += " <\(shellQuote(scratch.input)) >\(shellQuote(scratch.output)) 2>\(shellQuote(scratch.error))"
        let argv = ["/bin/sh", "-c", script]
        let envp = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let status = withCStrings(argv) { cargv in
            withCStrings(envp) { cenvp in posix_spawn(&pid, "/bin/sh", nil, nil, cargv, cenvp) }
        }
        guard status == 0 else { throw SubprocessError(message: "posix_spawn failed: \(status)") }
        return RunningProcess(pid: pid, scratch: scratch)
    }

    public static func shellQuote(_ text: String) -> String {
        "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

public struct SubprocessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A started process. Its output is collected in temporary files until it exits.
public final class RunningProcess: @unchecked Sendable {
    public let pid: pid_t
    let scratch: ScratchFiles

    init(pid: pid_t, scratch: ScratchFiles) {
        self.pid = pid
        self.scratch = scratch
    }

    /// The outcome, once `wait()` has reaped the process.
    private var finished: ProcessResult?

    /// Sends `number` to the process, unless it has already been reaped
    /// (its pid may then belong to someone else).
    public func signal(_ number: Int32) {
        if finished == nil { kill(pid, number) }
    }

    /// What the process has written to stdout so far.
    public var outputSoFar: String {
        String(decoding: FileBytes.read(scratch.output) ?? [], as: UTF8.self)
    }

    public func wait() -> ProcessResult {
        if let finished { return finished }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signalled = status & 0x7F
        let result = ProcessResult(
            status: signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled,
            standardOutput: String(decoding: FileBytes.read(scratch.output) ?? [], as: UTF8.self),
            standardError: String(decoding: FileBytes.read(scratch.error) ?? [], as: UTF8.self),
            signal: signalled == 0 ? nil : signalled)
        finished = result
        return result
    }
}

final class ScratchFiles: @unchecked Sendable {
    let directory: String
    var input: String { directory + "/stdin" }
    var output: String { directory + "/stdout" }
    var error: String { directory + "/stderr" }

    init() throws {
        var template = Array("/tmp/coord-test-proc-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SubprocessError(message: "mkdtemp failed")
        }
        directory = String(cString: made)
    }

    deinit {
        for name in ["stdin", "stdout", "stderr"] { unlink(directory + "/" + name) }
        rmdir(directory)
    }
}

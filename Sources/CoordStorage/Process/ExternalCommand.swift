/// Runs another program without a shell, feeding it text and collecting its
/// answer, within a time limit: what `coord synthesize --via CMD` uses.
///
/// The program gets its own process group; when the time limit passes, the
/// whole group is killed (SIGKILL), so a wrapper script and what it started
/// stop together.
public struct ExternalCommand: Sendable {
    /// The program and its arguments; the program is looked up in PATH.
    public var arguments: [String]
    public var timeLimitSeconds: Double
    /// Output beyond this many bytes is read and dropped.
    public var outputLimit: Int
    /// What the time limit is measured on.
    public var monotonic: MonotonicClock
    /// The child's whole environment as `NAME=value` entries; nil inherits this process's.
    public var environment: [String]? = nil

    public init(arguments: [String], timeLimitSeconds: Double, outputLimit: Int = 1 << 20, monotonic: MonotonicClock = .system) {
        precondition(!arguments.isEmpty, "a command needs a program")
        self.arguments = arguments
        self.timeLimitSeconds = timeLimitSeconds
        self.outputLimit = outputLimit
        self.monotonic = monotonic
    }

    public enum Ending: Equatable, Sendable {
        case exited(status: Int32)
        case signalled(Int32)
        case timedOut
        /// The program could not be started (not found, not executable).
        case notStarted(reason: String)
    }

    public struct Result: Sendable {
        public var ending: Ending
        public var output: [UInt8]
        public var errorOutput: [UInt8]
        public var outputTruncated: Bool
    }

    /// Splits a command line on spaces (no quoting, no expansion: there is no shell).
    public static func words(_ commandLine: String) -> [String] {
        commandLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// Feeds `input` and collects the output. The process must ignore SIGPIPE
    /// (`ProcessIO.ignoreBrokenPipes()`, the executable's business), else a
    /// program that exits without reading all its input ends this process too.
    public func run(input: [UInt8]) -> Result {
        var result = Result(ending: .timedOut, output: [], errorOutput: [], outputTruncated: false)
        guard let stdin = SystemCall.makePipe() else { return failed(result, "no pipe could be made") }
        guard let stdout = SystemCall.makePipe() else {
            closeAll([stdin.read, stdin.write])
            return failed(result, "no pipe could be made")
        }
        guard let stderr = SystemCall.makePipe() else {
            closeAll([stdin.read, stdin.write, stdout.read, stdout.write])
            return failed(result, "no pipe could be made")
        }
        let pid = SystemCall.spawn(arguments, input: stdin.read, output: stdout.write, error: stderr.write,
                                  environment: environment)
        let spawnError = SystemCall.lastError
        closeAll([stdin.read, stdout.write, stderr.write])
        guard let pid else {
            closeAll([stdin.write, stdout.read, stderr.read])
            return failed(result, SystemCall.describe(errno: spawnError))
        }
        _ = SystemCall.setNonBlocking(stdin.write)

        let deadline = monotonic.nanoseconds() + Int64(timeLimitSeconds * 1_000_000_000)
        var pending = input[...]
        var open: [Int32: Bool] = [stdin.write: !input.isEmpty, stdout.read: true, stderr.read: true]
        if input.isEmpty { SystemCall.close(stdin.write) }
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)

        while open[stdout.read]! || open[stderr.read]! {
            let remaining = deadline - monotonic.nanoseconds()
            if remaining <= 0 { timedOut = true; break }
            var watched: [(fd: Int32, events: Int16)] = []
            if open[stdin.write]! { watched.append((stdin.write, SystemCall.writable)) }
            for fd in [stdout.read, stderr.read] where open[fd]! { watched.append((fd, SystemCall.readable)) }
            let ready = SystemCall.pollDescriptors(watched, timeoutMilliseconds: Int32(min(remaining / 1_000_000 + 1, 1000)))
            for (i, item) in watched.enumerated() where ready[i] != 0 {
                if item.fd == stdin.write {
                    let n = pending.withUnsafeBytes { SystemCall.writeOnce(item.fd, $0) }
                    if n > 0 { pending = pending.dropFirst(n) }
                    if pending.isEmpty || (n < 0 && SystemCall.lastError != SystemCall.wouldBlock) {
                        SystemCall.close(item.fd)
                        open[item.fd] = false
                    }
                    continue
                }
                let n = buffer.withUnsafeMutableBytes { SystemCall.read(item.fd, into: $0) }
                if n <= 0 {
                    if n == 0 || SystemCall.lastError != SystemCall.wouldBlock {
                        SystemCall.close(item.fd)
                        open[item.fd] = false
                    }
                    continue
                }
                if item.fd == stdout.read {
                    let room = max(0, outputLimit - result.output.count)
                    result.output += buffer[0 ..< min(n, room)]
                    if n > room { result.outputTruncated = true }
                } else if result.errorOutput.count < 64 * 1024 {
                    result.errorOutput += buffer[0 ..< n]
                }
            }
        }
        closeAll(open.filter(\.value).map(\.key))

        // The outputs are closed; the program normally exits at once.
        while !timedOut {
            if let ending = SystemCall.reap(pid, blocking: false) {
                result.ending = Self.ending(ending)
                return result
            }
            if monotonic.nanoseconds() >= deadline { timedOut = true; break }
            SystemCall.sleep(nanoseconds: 2_000_000)
        }
        SystemCall.signalGroup(pid, SystemCall.killSignal)
        _ = SystemCall.reap(pid, blocking: true)
        result.ending = .timedOut
        return result
    }

    private static func ending(_ ending: SystemCall.ChildEnding) -> Ending {
        switch ending {
        case .exited(let status): return .exited(status: status)
        case .signalled(let signal): return .signalled(signal)
        }
    }

    private func failed(_ result: Result, _ reason: String) -> Result {
        var copy = result
        copy.ending = .notStarted(reason: reason)
        return copy
    }

    private func closeAll(_ fds: [Int32]) {
        for fd in fds { SystemCall.close(fd) }
    }
}

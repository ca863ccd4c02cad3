import CoordStorage

/// The stdio transport: newline-delimited JSON-RPC on standard input and
/// output. It blocks in poll(2) on standard input and a signalfd, so an idle
/// server uses no CPU; it answers each line before reading the next one
/// (pipelined requests queue up in the pipe, in order); it ends on end of
/// input, SIGTERM or SIGINT. Only protocol messages go to standard output.
public struct MCPStdioTransport {
    /// A longer line is answered with a parse error and skipped.
    public static let maximumLineBytes = 16 * 1024 * 1024

    public let input: Int32
    public let output: Int32

    public init(input: Int32 = ProcessIO.standardInput, output: Int32 = ProcessIO.standardOutput) {
        self.input = input
        self.output = output
    }

    /// Why serving stopped.
    public enum Ending: Equatable, Sendable {
        case endOfInput
        case signal(Int32)
        case outputClosed
    }

    /// The process ignores SIGPIPE (`ProcessIO.ignoreBrokenPipes()`, done by the
    /// executable), so a client that hangs up ends this with `.outputClosed`.
    public func serve(_ respond: (ArraySlice<UInt8>) -> [UInt8]?) -> Ending {
        let signals = SystemCall.terminationSignalDescriptor()
        defer { if signals >= 0 { SystemCall.close(signals) } }
        var pending: [UInt8] = []
        var skipping = false
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let ready = SystemCall.waitReadable(signals >= 0 ? [input, signals] : [input], timeoutMilliseconds: -1)
            if ready.contains(1) { return .signal(SystemCall.readSignal(signals)) }
            guard ready.contains(0) else { continue }  // EINTR
            let count = buffer.withUnsafeMutableBytes { SystemCall.read(input, into: $0) }
            if count < 0 { return .endOfInput }
            if count == 0 {
                // A last message without its newline is still answered.
                if !skipping, !pending.isEmpty, !handle(pending[...], respond) { return .outputClosed }
                return .endOfInput
            }
            pending += buffer[0..<count]
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if skipping {
                    skipping = false
                } else if !handle(pending[start..<newline], respond) {
                    return .outputClosed
                }
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
            if pending.count > Self.maximumLineBytes {
                pending.removeAll()
                skipping = true
                let error = JSONRPCError.parseError("a message is longer than \(Self.maximumLineBytes) bytes")
                if !write((try? JSONRPCResponse(id: nil, error: error).line()) ?? []) { return .outputClosed }
            }
        }
    }

    /// Answers one line; false when standard output is gone.
    private func handle(_ line: ArraySlice<UInt8>, _ respond: (ArraySlice<UInt8>) -> [UInt8]?) -> Bool {
        var line = line
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { return true }
        guard let response = respond(line) else { return true }
        return write(response)
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { SystemCall.writeOnce(output, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

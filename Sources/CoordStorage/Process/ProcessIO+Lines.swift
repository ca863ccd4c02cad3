extension ProcessIO {
    /// One line from standard input, without its newline; nil at end of input.
    /// Reads a byte at a time, so nothing after the line is consumed (prompts).
    public static func readLine(limit: Int = 64 * 1024) -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < limit {
            let n = withUnsafeMutableBytes(of: &byte) { SystemCall.read(standardInput, into: $0) }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}

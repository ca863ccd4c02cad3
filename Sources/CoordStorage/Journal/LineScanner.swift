/// A complete line of a board file: its bytes without the newline, where it
/// starts, and its 1-based number when the scan counted lines.
public struct FileLine: Sendable, Equatable {
    public var bytes: ArraySlice<UInt8>
    public var offset: Int64
    public var number: Int?

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Splits board files into lines. An unterminated last line is never
/// returned: it is either a write in progress or a torn tail, and the next
/// writer starts a fresh line after it.
public enum LineScanner {
    package static let newline = UInt8(ascii: "\n")

    /// Every complete line of `bytes`, front to back, numbered from 1.
    public static func lines(of bytes: [UInt8], startingAt base: Int64 = 0, firstNumber: Int = 1) -> [FileLine] {
        var lines: [FileLine] = []
        var start = 0
        var number = firstNumber
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                if buffer[index] == newline {
                    lines.append(FileLine(bytes: bytes[start ..< index], offset: base + Int64(start), number: number))
                    number += 1
                    start = index + 1
                }
                index += 1
            }
        }
        return lines
    }

    /// Walks complete lines from the end of `file` towards the start, in
    /// chunks, until `visit` returns false. Cost is proportional to what is
    /// visited, not to the file's size.
    public static func scanBackward(
        _ file: BoardFile, endingAt end: Int64, chunkSize: Int = 64 * 1024,
        _ visit: (FileLine) throws -> Bool
    ) throws {
        // Drop an unterminated tail: find the last newline before `end`.
        var carry: [UInt8] = []
        var position = end
        var first = true
        while position > 0 {
            let lower = max(0, position - Int64(chunkSize))
            var chunk = try file.read(lower ..< position)
            chunk.append(contentsOf: carry)
            position = lower
            var lineEnd = chunk.count
            if first {
                // Ignore bytes after the last newline: not a complete line.
                guard let lastNewline = chunk.lastIndex(of: newline) else {
                    carry = chunk
                    continue
                }
                lineEnd = lastNewline
                first = false
            }
            // Lines in this chunk: those preceded by a newline inside the chunk.
            var index = lineEnd - 1
            while index >= 0 {
                if chunk[index] == newline {
                    let line = FileLine(bytes: chunk[(index + 1) ..< lineEnd], offset: lower + Int64(index + 1), number: nil)
                    if try !visit(line) { return }
                    lineEnd = index
                }
                index -= 1
            }
            carry = Array(chunk[0 ..< lineEnd])
            if position == 0 {
                let line = FileLine(bytes: carry[...], offset: 0, number: nil)
                _ = try visit(line)
                return
            }
        }
    }
}

import CoordStorage

/// The process's arguments as the bytes the caller passed. Swift turns
/// invalid UTF-8 in argv into U+FFFD, which would post or lock something the
/// caller never wrote, so commands check the raw bytes first and refuse them
/// as they refuse such bytes on standard input.
enum ArgumentBytes {
    /// The refusal for the first argument that is not valid UTF-8, or nil.
    static func problem() -> CoordError? {
        for position in 1 ..< Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[position] else { continue }
            var length = 0
            while argument[length] != 0 { length += 1 }
            let valid = argument.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(validating: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self) != nil
            }
            if !valid { return CoordError.invalidUTF8("Argument \(position)") }
        }
        return nil
    }
}

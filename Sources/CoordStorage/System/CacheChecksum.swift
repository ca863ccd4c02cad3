/// The checksum that every cache file under `.state/` carries, so that a
/// damaged or hand-edited cache is noticed and rebuilt instead of trusted.
///
/// FNV-1a, 64 bits, printed as 16 lower-case hex digits: enough to notice
/// damage (a flipped byte, a lost line), not a defence against forgery, which
/// the checks of each cache against the board's own files cover.
///
/// Concrete overloads, not one generic function: called from another module,
/// a generic would run unspecialized, and its first use in a process costs a
/// runtime look-up of the sequence's associated types that dwarfs the hashing.
package enum CacheChecksum {
    package static func of(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer(of(buffer:)) }

    package static func of(_ bytes: ArraySlice<UInt8>) -> String { bytes.withUnsafeBufferPointer(of(buffer:)) }

    package static func of(_ text: String.UTF8View) -> String {
        var text = String(text)
        return text.withUTF8(of(buffer:))
    }

    private static func of(buffer: UnsafeBufferPointer<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

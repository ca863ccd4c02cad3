import CoordStorage
import FoundationEssentials

/// The little-endian binary encoding of `.state/tasks.ckpt`: fixed-width
/// integers, instants as the bits of their `Double`, strings as a 32-bit
/// length and UTF-8 bytes. Not JSON: loading 10,000 tasks must take
/// milliseconds, and the file is a machine-local cache, never an interchange format.
struct CheckpointWriter {
    var bytes: [UInt8] = []

    /// Appends `range` of `raw`, rebased, so the array copies the buffer
    /// directly (a slice of it would take the generic sequence path).
    mutating func append(_ raw: UnsafeRawBufferPointer, _ range: Range<Int>) {
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[range]))
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    mutating func int(_ value: Int) { i64(Int64(value)) }
    mutating func date(_ value: Date) { u64(value.timeIntervalSinceReferenceDate.bitPattern) }

    mutating func date(_ value: Date?) {
        bool(value != nil)
        if let value { date(value) }
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            u32(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func string(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    mutating func strings(_ values: [String]) {
        u32(UInt32(values.count))
        for value in values { string(value) }
    }
}

/// Reads what `CheckpointWriter` wrote. Every read is bounds-checked: a
/// checkpoint that does not decode is `Damaged`, and the caller folds the
/// journal instead.
struct CheckpointReader {
    struct Damaged: Error {}

    let raw: UnsafeRawBufferPointer
    var position: Int

    init(_ raw: UnsafeRawBufferPointer, at position: Int = 0) {
        self.raw = raw
        self.position = position
    }

    var isAtEnd: Bool { position == raw.count }

    private mutating func advance(_ count: Int) throws -> Int {
        guard count >= 0, count <= raw.count - position else { throw Damaged() }
        defer { position += count }
        return position
    }

    mutating func u8() throws -> UInt8 { raw[try advance(1)] }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw Damaged()
        }
    }

    mutating func u32() throws -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: try advance(4), as: UInt32.self))
    }

    mutating func u64() throws -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: try advance(8), as: UInt64.self))
    }

    mutating func i64() throws -> Int64 { Int64(bitPattern: try u64()) }

    mutating func int() throws -> Int {
        let value = try i64()
        guard let exact = Int(exactly: value) else { throw Damaged() }
        return exact
    }

    mutating func date() throws -> Date { Date(timeIntervalSinceReferenceDate: Double(bitPattern: try u64())) }
    mutating func optionalDate() throws -> Date? { try bool() ? try date() : nil }

    mutating func string() throws -> String {
        let count = Int(try u32())
        let start = try advance(count)
        return String(decoding: UnsafeRawBufferPointer(rebasing: raw[start ..< start + count]), as: UTF8.self)
    }

    mutating func optionalString() throws -> String? { try bool() ? try string() : nil }

    mutating func strings() throws -> [String] {
        let count = Int(try u32())
        guard count <= raw.count - position else { throw Damaged() }
        var values: [String] = []
        values.reserveCapacity(count)
        for _ in 0 ..< count { values.append(try string()) }
        return values
    }
}

/// Checksums of the checkpoint's sections and of the journal windows it vouches for.
enum CheckpointSum {
    /// FNV-1a over 64-bit little-endian words in four interleaved lanes (word
    /// i goes to lane i mod 4, the words past the last 32-byte block and the
    /// zero-padded last bytes to the joined hash), the lanes joined in order,
    /// then the length: the four multiplications of a block do not wait on each
    /// other, so a section is summed about three times faster than with one
    /// lane, and a flipped byte, a cut-off file or a section from another
    /// checkpoint still changes the sum. Not a defence against forgery.
    static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var a: UInt64 = 0xCBF2_9CE4_8422_2325
        var b = a ^ 1
        var c = a ^ 2
        var d = a ^ 3
        func word(_ index: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) }
        let blocks = raw.count / 32
        for block in 0 ..< blocks {
            a = (a ^ word(block * 4)) &* prime
            b = (b ^ word(block * 4 + 1)) &* prime
            c = (c ^ word(block * 4 + 2)) &* prime
            d = (d ^ word(block * 4 + 3)) &* prime
        }
        var hash = (((a ^ b) &* prime ^ c) &* prime ^ d) &* prime
        let words = raw.count / 8
        for index in blocks * 4 ..< words { hash = (hash ^ word(index)) &* prime }
        var last: UInt64 = 0
        for index in words * 8 ..< raw.count { last |= UInt64(raw[index]) << (UInt64(index - words * 8) * 8) }
        hash = (hash ^ last) &* prime
        return (hash ^ UInt64(raw.count)) &* prime
    }

    static func of(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { of($0) } }

    static func of(_ bytes: ArraySlice<UInt8>) -> UInt64 { bytes.withUnsafeBytes { of($0) } }

    /// The 64-bit FNV-1a hash of a record id, for the set of ids a checkpoint has seen.
    static func id(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}

/// Bytes of a checkpoint section, read in place: a range of the mapped file
/// (nothing copied), or an array.
struct CheckpointSpan {
    private let mapping: FileMapping?
    private let range: Range<Int>
    private let array: [UInt8]

    init(_ array: [UInt8]) {
        mapping = nil
        range = 0 ..< array.count
        self.array = array
    }

    init(_ mapping: FileMapping, _ range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= mapping.bytes.count, "a span lies inside its mapping")
        self.mapping = mapping
        self.range = range
        array = []
    }

    var count: Int { range.count }
    var first: UInt8? { count == 0 ? nil : withUnsafeBytes { $0[0] } }

    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        guard let mapping else { return try array.withUnsafeBytes(body) }
        return try withExtendedLifetime(mapping) { try body(UnsafeRawBufferPointer(rebasing: mapping.bytes[range])) }
    }

    /// A copy, for the callers that keep the bytes.
    var bytes: [UInt8] {
        guard mapping != nil else { return array }
        return withUnsafeBytes { [UInt8]($0) }
    }
}

/// Record ids for journals that two clones of a board can both extend.
///
/// An id is 16 hex digits of an FNV-1a hash of the journal's name, the offset
/// where the record lands, its index within the write, and the record itself
/// without its id (time, author, content). The offset only grows under the
/// board lock, so ids never repeat within a journal; time and content make two
/// clones' records differ, so a union merge keeps them apart and a repeated
/// line (the same record merged twice) is recognised. Unlike a random nonce,
/// the same run gives the same ids, so sample boards and golden files are
/// byte-stable.
public enum RecordID {
    public static func derive(journal: String, offset: Int64, index: Int, content: [UInt8]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func add(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            // A separator, so ("ab", "c") and ("a", "bc") hash apart.
            hash ^= 0xFF
            hash = hash &* 0x0000_0100_0000_01B3
        }
        add(journal.utf8)
        add(String(offset).utf8)
        add(String(index).utf8)
        add(content)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The id of `record` landing at `offset`: derived from its journal line with the id field emptied by `clear`.
    /// (A closure, not a key path: building a key path costs a command its runtime metadata, ~100,000 instructions.)
    public static func derive<Record: Encodable>(journal: String, offset: Int64, index: Int, record: Record,
                                                 clearing clear: (inout Record) -> Void) throws -> String {
        var unidentified = record
        clear(&unidentified)
        return derive(journal: journal, offset: offset, index: index, content: try BoardJSON.line(unidentified))
    }
}

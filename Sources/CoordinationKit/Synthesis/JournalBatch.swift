import CoordStorage
import FoundationEssentials

/// Decodes every line of a JSON Lines journal in one call, as one JSON array.
///
/// One `JSONDecoder` call per line pays the decoder's setup for every record;
/// a report that reads tens of thousands of records decodes them all at once
/// instead. When any line is not a record (torn, hand-edited), the batch
/// fails as a whole and the caller reads line by line, skipping and counting
/// the bad ones, so nothing is lost or hidden.
enum JournalBatch {
    /// The records of `bytes`, or nil when some line is not a `Record`.
    static func decode<Record: Decodable>(_ type: Record.Type, from bytes: [UInt8]) -> [Record]? {
        var array: [UInt8] = [UInt8(ascii: "[")]
        array.reserveCapacity(bytes.count + 2)
        var first = true
        for line in LineScanner.lines(of: bytes)
        where !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            if !first { array.append(UInt8(ascii: ",")) }
            array += line.bytes
            first = false
        }
        array.append(UInt8(ascii: "]"))
        return try? JSONDecoder().decode([Record].self, from: Data(array))
    }
}

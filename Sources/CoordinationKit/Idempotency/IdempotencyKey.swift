import CoordStorage
import FoundationEssentials

/// `--key K`: what makes a write command safe to retry after an unclear
/// failure (a timeout, a killed shell, a lost connection).
///
/// The key is a field of the primary record itself (`"key"` in a journal
/// record, `key=K` in the mark at the end of a bulletin line), so it is
/// committed by the same `write(2)` as the record: there is no moment at which
/// one exists without the other. A keyed command looks for its key under the
/// board lock, before it decides anything: when the same agent already wrote a
/// record with that key, it writes nothing and returns what that record says
/// (the same id, the same token), and the command notes the repeat on
/// standard error. Keys belong to an agent: two agents using the same key do
/// not collide.
///
/// A key is remembered for `window` after its record: the lookup reads the
/// journal backwards and stops at the first record older than that, so its
/// cost follows the last day's records, never the length of the history.
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    public static let maximumBytes = 64
    /// How long a retry finds the original: a day.
    public static let window: TimeInterval = 86_400

    public let rawValue: String

    /// 1–64 characters of `A–Z a–z 0–9 . _ : -`, so that it can be written
    /// into a JSON record and a Markdown comment as it is.
    public init(_ text: String) throws {
        guard !text.isEmpty, text.utf8.count <= Self.maximumBytes,
              text.utf8.allSatisfy({ Self.allowed($0) }), !text.contains("--")
        else {
            throw CoordError.invalidInput(
                "The --key '\(Escaping.escape(String(text.prefix(80))))' is not a key; use 1 to \(Self.maximumBytes) letters, digits, '.', '_', ':' or single '-', for example --key deploy-2026-11-21.")
        }
        rawValue = text
    }

    public var description: String { rawValue }

    private static func allowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// `"key":"K"` as a record written with sorted keys spells it: a line
    /// without these bytes cannot carry the key, so it is never decoded.
    var recordBytes: [UInt8] { Array("\"key\":\"\(rawValue)\"".utf8) }

    /// The oldest instant whose records a lookup at `now` still reads.
    static func horizon(_ now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Tells the command that this call repeated an earlier one and wrote nothing.
    static func noteRepeat(_ key: IdempotencyKey, _ result: String) {
        CommandWarnings.current?.addNote(
            "--key \(key) was already used by this agent: \(result) was recorded before, so nothing was written again.")
    }
}

/// Finding the records an earlier call with the same key wrote.
enum KeyedRecords {
    /// The records in `directory/name` that carry `key` and satisfy `isOwn`,
    /// in file order, among the records written since `IdempotencyKey.horizon(now)`.
    ///
    /// Reads from the end and stops at the first record older than the window.
    /// Only lines holding the key's bytes are decoded. Call inside the board
    /// lock, so that no write lands between the lookup and the caller's append.
    static func find<Record: JournalRecord>(_ type: Record.Type, in directory: BoardDirectory, name: String,
                                            key: IdempotencyKey?, now: Date,
                                            where isOwn: (Record) -> Bool) throws -> [Record] {
        guard let key else { return [] }
        let needle = key.recordBytes
        let horizon = IdempotencyKey.horizon(now)
        var found: [Record] = []
        try RecordJournal<Record>(directory: directory, name: name).scanBackward(as: Record.self, choosing: { bytes in
            if let at = instant(in: bytes), at < horizon { return .stop }
            return contains(bytes, needle) ? .decode : .skip
        }) { stored in
            if isOwn(stored.value) { found.append(stored.value) }
            return true
        }
        return found.reversed()
    }

    private static let atField = Array("\"at\":\"".utf8)

    /// The record's `"at"` instant, read from its bytes without decoding it.
    static func instant(in bytes: ArraySlice<UInt8>) -> Date? {
        guard let start = firstRange(of: atField, in: bytes)?.upperBound,
              let end = bytes[start...].firstIndex(of: UInt8(ascii: "\""))
        else { return nil }
        return Timestamp.parse(String(decoding: bytes[start ..< end], as: UTF8.self), in: .utc)
    }

    static func contains(_ bytes: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        firstRange(of: needle, in: bytes) != nil
    }

    private static func firstRange(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var index = bytes.startIndex
        let last = bytes.endIndex - needle.count
        while index <= last {
            if bytes[index] == first, bytes[index ..< index + needle.count].elementsEqual(needle) {
                return index ..< index + needle.count
            }
            index += 1
        }
        return nil
    }
}

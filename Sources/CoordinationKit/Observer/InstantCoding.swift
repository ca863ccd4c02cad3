import CoordStorage
import FoundationEssentials

/// Instants in the observer's files, the lock journal and the task journal are
/// absolute UTC strings (`Timestamp.utc`), like every journal on the board,
/// never Foundation's default number form.
extension KeyedEncodingContainer {
    mutating func encodeInstant(_ date: Date, forKey key: Key) throws {
        try encode(Timestamp.utc(date), forKey: key)
    }

    mutating func encodeInstantIfPresent(_ date: Date?, forKey key: Key) throws {
        if let date { try encodeInstant(date, forKey: key) }
    }
}

extension KeyedDecodingContainer {
    func decodeInstant(forKey key: Key) throws -> Date {
        let text = try decode(String.self, forKey: key)
        guard let date = Timestamp.parse(text, in: .utc) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "'\(text)' is not an instant")
        }
        return date
    }

    func decodeInstantIfPresent(forKey key: Key) throws -> Date? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decodeInstant(forKey: key)
    }
}

/// `.coordination/.state/board.idx`: what `board.json` said, so that the
/// commands agents run hundreds of times a day (`post`, `check`, `lock`,
/// `unlock`) learn the board's format and time zone without a JSON decode,
/// whose first use in a process costs more than the rest of a post.
///
/// Only a cache, machine-local like the other files in `.state/`: it names the
/// size and checksum of the `board.json` it was made from, and is used only
/// while `board.json` still has exactly those bytes; any other `board.json`
/// is decoded again. Deleting it is always safe. Writers save it (readers never
/// write); a cache that fails its own checksum is ignored.
///
///     coord board cache 1
///     board SIZE CHECKSUM          (of board.json's bytes; see `CacheChecksum`)
///     format N
///     timezone TEXT                (escaped; `-` line absent when board.json names none)
///     sum CHECKSUM                 (of every byte above)
package enum BoardConfigurationCache {
    package static let fileName = "board.idx"
    static let folder = ".state"
    static let header = "coord board cache 1"

    /// The fields `board.json` holds, as the cache keeps them.
    struct Fields: Equatable {
        var format: Int
        /// The time zone text exactly as `board.json` has it; nil when absent.
        var timeZone: String?
    }

    static func encoded(_ fields: Fields, for json: [UInt8]) -> [UInt8] {
        var text = header + "\n"
        text += "board " + String(json.count) + " " + CacheChecksum.of(json) + "\n"
        text += "format " + String(fields.format) + "\n"
        if let zone = fields.timeZone { text += "timezone " + Escaping.escape(zone) + "\n" }
        text += "sum " + CacheChecksum.of(text.utf8) + "\n"
        return Array(text.utf8)
    }

    /// The fields in `cache`, when it is intact and was made from exactly `json`.
    static func decode(_ cache: [UInt8], for json: [UInt8]) -> Fields? {
        var lines = LineScanner.lines(of: cache)
        guard lines.count >= 4, lines.count <= 5, lines[0].bytes.elementsEqual(header.utf8),
              let last = lines.popLast(), last.bytes.starts(with: "sum ".utf8),
              last.bytes.dropFirst(4).elementsEqual(CacheChecksum.of(cache[..<Int(last.offset)]).utf8),
              lines[1].text == "board " + String(json.count) + " " + CacheChecksum.of(json),
              let format = value(of: "format", in: lines[2]).flatMap({ Int($0) })
        else { return nil }
        var fields = Fields(format: format)
        if lines.count == 4 {
            guard let zone = value(of: "timezone", in: lines[3]) else { return nil }
            fields.timeZone = Escaping.unescape(zone)
        }
        return fields
    }

    private static func value(of key: String, in line: FileLine) -> String? {
        let text = line.text
        let prefix = key + " "
        guard text.hasPrefix(prefix) else { return nil }
        return String(text.dropFirst(prefix.count))
    }

    /// The cached fields for `json`, or nil when there is no usable cache.
    static func load(from board: BoardDirectory, for json: [UInt8]) -> Fields? {
        guard let folder = try? board.subdirectory(folder, create: false),
              let bytes = try? folder.read(fileName)
        else { return nil }
        return decode(bytes, for: json)
    }

    /// Saves the cache; a board that cannot be written goes without.
    static func save(_ fields: Fields, for json: [UInt8], to board: BoardDirectory) {
        guard let folder = try? board.subdirectory(folder, create: true) else { return }
        try? folder.replace(fileName, with: encoded(fields, for: json))
    }
}

import FoundationEssentials

/// `.coordination/board.json`: the board's format version and time zone.
///
///     {"created":"2026-11-21T05:04:00.000Z","format":1,"timezone":"Australia/Sydney"}
///
/// Missing keys take their defaults; unknown keys are left alone; a board of a
/// newer format is refused with "supported up to N".
public struct BoardConfiguration: Sendable, Equatable {
    public static let fileName = "board.json"
    /// The newest board format this coord reads and writes.
    public static let supportedFormat = 1

    public var format: Int
    public var timeZone: BoardTimeZone
    /// False when the folder has no `board.json` (a hand-made board).
    public var isRecorded: Bool

    public init(format: Int = supportedFormat, timeZone: BoardTimeZone, isRecorded: Bool = true) {
        self.format = format
        self.timeZone = timeZone
        self.isRecorded = isRecorded
    }

    package static func load(from board: BoardDirectory, environment: (String) -> String?) throws -> BoardConfiguration {
        try loadNotingCache(from: board, environment: environment).configuration
    }

    /// `load`, and whether `.state/board.idx` answered for this `board.json`
    /// (when it did not, a writer saves it: `saveCache(for:)`).
    package static func loadNotingCache(from board: BoardDirectory, environment: (String) -> String?) throws
        -> (configuration: BoardConfiguration, cacheIsCurrent: Bool) {
        guard let bytes = try board.read(fileName) else {
            return (BoardConfiguration(timeZone: .system(environment: environment), isRecorded: false), true)
        }
        let path = board.child(fileName)
        if let fields = BoardConfigurationCache.load(from: board, for: bytes) {
            return (try configuration(fields, path: path), true)
        }
        return (try configuration(fields(of: bytes, path: path), path: path), false)
    }

    /// Decodes `board.json` and saves what it says in `.state/board.idx`. Writers only.
    package static func saveCache(for board: BoardDirectory) {
        guard let bytes = try? board.read(fileName), let fields = try? fields(of: bytes, path: board.child(fileName)) else { return }
        BoardConfigurationCache.save(fields, for: bytes, to: board)
    }

    private static func fields(of bytes: [UInt8], path: String) throws -> BoardConfigurationCache.Fields {
        let fields: [String: JSONValue]
        do {
            fields = try BoardJSON.decode([String: JSONValue].self, from: bytes)
        } catch {
            throw CoordError.damaged(path: path, detail: "it is not a JSON object")
        }
        return BoardConfigurationCache.Fields(format: Int(fields["format"]?.integerValue ?? 1),
                                              timeZone: fields["timezone"]?.stringValue)
    }

    private static func configuration(_ fields: BoardConfigurationCache.Fields, path: String) throws -> BoardConfiguration {
        if fields.format > supportedFormat {
            throw CoordError.unsupportedFormat(path: path, found: fields.format, supported: supportedFormat)
        }
        var zone = BoardTimeZone.utc
        if let name = fields.timeZone {
            guard let parsed = BoardTimeZone(identifier: name) else {
                throw CoordError.damaged(path: path, detail: "the time zone '\(name)' is not known on this machine")
            }
            zone = parsed
        }
        return BoardConfiguration(format: fields.format, timeZone: zone)
    }

    package func encoded(created: Date) throws -> [UInt8] {
        let fields: [String: JSONValue] = [
            "format": .integer(Int64(format)),
            "timezone": .string(timeZone.identifier),
            "created": .string(Timestamp.utc(created)),
        ]
        return try BoardJSON.document(fields)
    }
}

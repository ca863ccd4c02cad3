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
        guard let bytes = try board.read(fileName) else {
            return BoardConfiguration(timeZone: .system(environment: environment), isRecorded: false)
        }
        let path = board.child(fileName)
        let fields: [String: JSONValue]
        do {
            fields = try BoardJSON.decode([String: JSONValue].self, from: bytes)
        } catch {
            throw CoordError.damaged(path: path, detail: "it is not a JSON object")
        }
        let format = Int(fields["format"]?.integerValue ?? 1)
        if format > supportedFormat {
            throw CoordError.unsupportedFormat(path: path, found: format, supported: supportedFormat)
        }
        var zone = BoardTimeZone.utc
        if let name = fields["timezone"]?.stringValue {
            guard let parsed = BoardTimeZone(identifier: name) else {
                throw CoordError.damaged(path: path, detail: "the time zone '\(name)' is not known on this machine")
            }
            zone = parsed
        }
        return BoardConfiguration(format: format, timeZone: zone)
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

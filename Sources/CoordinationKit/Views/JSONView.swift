import CoordStorage
import FoundationEssentials

/// Every `--json` document coord prints goes through here, so each one carries
/// the same `version` and spells instants the same way.
///
///     {"locks":[…],"now":"2026-11-21T15:04:00.000Z","version":2}
///
/// `version` is the format of coord's JSON output as a whole: it grows when
/// any document's shape changes. Instants are RFC 3339 in UTC with `Z`, the
/// same form the journals store (`Timestamp.utc`).
public enum JSONView {
    /// 2: `version` on every document (it was `v` on some); instants in UTC with `Z`;
    /// one lock shape everywhere.
    public static let version = 2

    /// A whole document, pretty-printed with sorted keys and a final newline.
    public static func document<Body: Encodable>(_ body: Body) throws -> [UInt8] {
        try BoardJSON.document(Versioned(body: body))
    }

    /// One document on one line (streams such as `read --json` and `observe --watch --json`), without the newline.
    public static func line<Body: Encodable>(_ body: Body) throws -> [UInt8] {
        try BoardJSON.line(Versioned(body: body))
    }

    /// The one way an instant is written in JSON output: `2026-11-21T15:04:00.000Z`.
    public static func instant(_ date: Date) -> String { Timestamp.utc(date) }

    /// Whole seconds from `start` to `end`, rounded down (ages, remaining times).
    public static func seconds(from start: Date, to end: Date) -> Int64 {
        Int64(end.timeIntervalSince(start).rounded(.down))
    }
}

/// A document body with `version` added beside its own keys.
private struct Versioned<Body: Encodable>: Encodable {
    var body: Body

    private enum Key: String, CodingKey { case version }

    func encode(to encoder: any Encoder) throws {
        try body.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(JSONView.version, forKey: .version)
    }
}

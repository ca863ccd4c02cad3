import CoordStorage

/// One line of `BULLETIN.md`, classified.
///
/// The grammar (format 1):
///
///     heading := "## " YYYY-MM-DD
///     entry   := "- [" [YYYY-MM-DD " "] HH ":" MM "] " agent ":" [" "] message
///
/// An entry's day is its own date when it has one, else the heading above it.
/// coord writes entries without a date; a script that appends by hand (a cron
/// job running before anyone has posted today) writes the date, so its line
/// is not taken for part of the day above it.
/// `agent` has no `:`, `[`, `]` or control characters; `message` is escaped
/// text (see `Escaping`). Any other line that starts with `- ` or `## `, or that
/// holds a NUL byte or invalid UTF-8, is invalid: it is skipped and counted.
/// Everything else (the title, comments, blank lines, prose) is a note and is
/// ignored.
public enum BulletinLine: Equatable, Sendable {
    case heading(CivilDate)
    case entry(time: ClockTime, agent: String, message: String, date: CivilDate? = nil)
    case note
    case invalid(reason: String)

    public static func parse(_ bytes: ArraySlice<UInt8>) -> BulletinLine {
        guard let first = bytes.first else { return .note }
        if first == UInt8(ascii: "-") { return parseEntry(bytes) }
        if first == UInt8(ascii: "#"), bytes.starts(with: "## ".utf8) {
            let heading = parseHeading(bytes)
            if heading != .note { return heading }
        }
        return parseNote(bytes)
    }

    /// Prose is ignored, but bytes no editor writes (NUL runs left by a crash,
    /// binary garbage) are damage that `coord doctor` should point at.
    private static func parseNote(_ bytes: ArraySlice<UInt8>) -> BulletinLine {
        if bytes.contains(0) { return .invalid(reason: "contains NUL bytes") }
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
            return .invalid(reason: "is not valid UTF-8")
        }
        return .note
    }

    private static func parseHeading(_ bytes: ArraySlice<UInt8>) -> BulletinLine {
        var text = bytes.dropFirst(3)
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\r") { text = text.dropLast() }
        guard let date = CivilDate(String(decoding: text, as: UTF8.self)), text.count == 10 else {
            // "### Notes" and "## Summary" style headings are prose, not days.
            if text.first.map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) == true {
                return .invalid(reason: "a day heading without a valid YYYY-MM-DD date")
            }
            return .note
        }
        return .heading(date)
    }

    private static func parseEntry(_ bytes: ArraySlice<UInt8>) -> BulletinLine {
        let start = bytes.startIndex
        guard bytes.count >= 4, bytes[start + 1] == UInt8(ascii: " ") else {
            return .invalid(reason: "a list line that is not an entry")
        }
        guard bytes[start + 2] == UInt8(ascii: "[") else { return .note }  // "- plain list item"
        guard let stamp = stamp(bytes) else { return .invalid(reason: "an entry without a valid [HH:MM] time") }
        let time = stamp.time
        let rest = bytes[stamp.end...]
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")), colon > rest.startIndex else {
            return .invalid(reason: "an entry without 'agent:'")
        }
        if bytes.contains(0) { return .invalid(reason: "contains NUL bytes") }
        // The separator space and a CRLF's \r are bytes, not characters: a message
        // that starts with a combining mark would otherwise fuse with the space.
        var body = rest[(colon + 1)...]
        if body.first == UInt8(ascii: " ") { body = body.dropFirst() }
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        guard let agent = String(validating: rest[rest.startIndex ..< colon], as: UTF8.self),
              let message = String(validating: body, as: UTF8.self)
        else { return .invalid(reason: "is not valid UTF-8") }
        guard AgentName.problem(with: agent) == nil else { return .invalid(reason: "an entry with an invalid agent name") }
        return .entry(time: time, agent: agent, message: Escaping.unescape(message), date: stamp.date)
    }

    /// The `[HH:MM] ` or `[YYYY-MM-DD HH:MM] ` after `- ` on an entry line, and
    /// where the agent starts; nil when the line has no valid stamp. Cheap: a
    /// reader skipping old lines looks only at this.
    static func stamp(_ bytes: ArraySlice<UInt8>) -> (date: CivilDate?, time: ClockTime, end: Int)? {
        let start = bytes.startIndex
        guard bytes.count >= 12, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: " "),
              bytes[start + 2] == UInt8(ascii: "[")
        else { return nil }
        var date: CivilDate? = nil
        var clock = start + 3
        if bytes[start + 7] == UInt8(ascii: "-") {
            guard bytes.count >= 23, bytes[start + 13] == UInt8(ascii: " "),
                  let day = CivilDate(utf8: bytes[(start + 3) ..< (start + 13)])
            else { return nil }
            date = day
            clock = start + 14
        }
        guard bytes.endIndex - clock >= 9, bytes[clock + 5] == UInt8(ascii: "]"), bytes[clock + 6] == UInt8(ascii: " "),
              let time = ClockTime(bytes[clock ..< (clock + 5)])
        else { return nil }
        return (date, time, clock + 7)
    }

    /// `- [HH:MM] agent: escaped-message` without the newline.
    public static func format(time: ClockTime, agent: AgentName, escapedMessage: String) -> String {
        "- [\(time)] \(agent.rawValue): \(escapedMessage)"
    }

    public static func heading(_ date: CivilDate) -> String { "## \(date)" }
}

import CoordStorage

/// One line of `BULLETIN.md`, classified.
///
/// The grammar (format 2):
///
///     heading := "## " YYYY-MM-DD
///     entry   := "- [" [YYYY-MM-DD " "] HH ":" MM "] " agent ":" [" "] message [mark]
///     mark    := " <!-- coord" [" key=" key] " -->"
///
/// coord ends every entry it writes with the mark (an HTML comment, so
/// rendered Markdown does not show it); an entry without it was written by
/// something else. Format 1 had no mark, and reads the same.
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
        if let mark = mark(body) { body = body[..<mark.start] }
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

    /// `- [HH:MM] agent: escaped-message <!-- coord -->` without the newline:
    /// the mark tells every reader, on any copy of the board, that coord wrote
    /// the line, and carries the `--key` it was posted with.
    public static func format(time: ClockTime, agent: AgentName, escapedMessage: String,
                              key: IdempotencyKey? = nil) -> String {
        "- [\(time)] \(agent.rawValue): \(escapedMessage)" + markText(key: key)
    }

    // MARK: coord's mark

    private static let markOpen = Array(" <!-- coord".utf8)
    private static let markClose = Array(" -->".utf8)
    private static let keyPrefix = Array(" key=".utf8)

    /// ` <!-- coord -->`, or ` <!-- coord key=K -->` for a keyed post.
    static func markText(key: IdempotencyKey?) -> String {
        " <!-- coord" + (key.map { " key=\($0)" } ?? "") + " -->"
    }

    /// The mark at the end of an entry's message bytes (without `\r`): where
    /// it starts and the key it carries. A message that itself ends in
    /// something mark-like keeps it: coord's own mark always comes last, and
    /// only that one is taken off.
    static func mark(_ body: ArraySlice<UInt8>) -> (start: Int, key: Substring?)? {
        guard body.count >= markOpen.count + markClose.count, body.last == UInt8(ascii: ">"),
              body.suffix(markClose.count).elementsEqual(markClose)
        else { return nil }
        let inner = body.endIndex - markClose.count
        // The mark has no spaces after its opening but for " key=": search back for the opening.
        var start = inner - markOpen.count
        while start >= body.startIndex {
            if body[start] == UInt8(ascii: " "), body[start ..< start + markOpen.count].elementsEqual(markOpen) { break }
            start -= 1
            if inner - start > markOpen.count + keyPrefix.count + IdempotencyKey.maximumBytes { return nil }
        }
        guard start >= body.startIndex else { return nil }
        let rest = body[(start + markOpen.count) ..< inner]
        if rest.isEmpty { return (start, nil) }
        guard rest.starts(with: keyPrefix),
              let key = try? IdempotencyKey(String(decoding: rest.dropFirst(keyPrefix.count), as: UTF8.self))
        else { return nil }
        return (start, Substring(key.rawValue))
    }

    /// The mark of an entry line (any line starting `- [`), or nil when it has none.
    static func entryMark(_ line: ArraySlice<UInt8>) -> (start: Int, key: Substring?)? {
        var body = line
        if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        return mark(body)
    }

    private static let preambleMark = Array("<!-- coord bulletin, format ".utf8)

    /// A line from which on coord marks every line it writes: an entry with
    /// coord's mark, or the preamble of a bulletin of format 2 or later.
    static func startsMarking(_ line: ArraySlice<UInt8>) -> Bool {
        if line.starts(with: preambleMark) {
            let digits = line.dropFirst(preambleMark.count).prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            return (Int(String(decoding: digits, as: UTF8.self)) ?? 0) >= 2
        }
        guard line.starts(with: "- [".utf8), entryMark(line) != nil else { return false }
        if case .entry = parse(line) { return true }
        return false
    }

    public static func heading(_ date: CivilDate) -> String { "## \(date)" }
}

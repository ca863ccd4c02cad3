import CoordStorage

/// The text of `coord read`: a `## DATE` heading when the day changes, then one
/// line per entry, `- [HH:MM] agent: message`, with the message escaped so that
/// an entry stays one line.
///
/// `coord read --follow` prints in batches; the listing remembers the last day
/// it headed, so each day is headed once however many batches there are.
public struct BulletinListing: Sendable {
    public var style: TextStyle
    /// The day of the last entry listed.
    public private(set) var lastDate: CivilDate?

    public init(style: TextStyle = .plain) { self.style = style }

    /// The lines of `entries` (without a final newline), or nil when there are none.
    public mutating func text(_ entries: [BulletinEntry]) -> String? {
        guard !entries.isEmpty else { return nil }
        var lines: [String] = []
        for entry in entries {
            if entry.date != lastDate {
                lines.append(style.apply("## \(entry.date)", "1"))
                lastDate = entry.date
            }
            let head = style.apply("[\(entry.time)]", "2") + " " + style.apply(entry.agent, "36") + ":"
            lines.append("- \(head) \(Escaping.escape(entry.message))")
        }
        return lines.joined(separator: "\n")
    }
}

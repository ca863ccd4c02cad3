import CoordStorage

/// Renders a `SynthesisReport` as Markdown, by plain string assembly of the
/// model: no template, no clock, no dictionary order, so the same report gives
/// the same bytes.
///
/// What a lead needs comes first: the headline, then "Needs you" with the
/// command for each item. The detail follows, each fact in one place: progress
/// and decisions, per worker (with its commits), across workers, commits nobody
/// claimed, locks, the tasks completed, claimed and blocked, a Mermaid chart of
/// the day, the timeline of what no other section tells, activity per agent, and the data-quality footnote. Every
/// list is capped ("and N more"); `full` lifts the caps, and `--json` carries
/// everything.
public enum SynthesisMarkdown {
    /// How many items each kind of list shows.
    public struct Caps: Sendable, Equatable {
        /// Top-level lists: actions, decisions, locks, paths, commits.
        public var list: Int
        /// Lists inside one worker's section.
        public var perWorker: Int
        /// Timeline entries over the whole window.
        public var timeline: Int
        /// Rows of the activity table.
        public var table: Int
        /// Bars of each kind in the chart.
        public var chart: Int

        public static let summary = Caps(list: 8, perWorker: 3, timeline: 25, table: 10, chart: 12)
        public static let full = Caps(list: .max, perWorker: .max, timeline: .max, table: .max, chart: .max)

        var isFull: Bool { self == .full }
    }

    public static func render(_ report: SynthesisReport, caps: Caps = .summary) -> String {
        let out = MarkdownBuilder(report: report, caps: caps)
        out.title()
        if report.empty {
            out.emptyDay()
        } else {
            out.headline()
            out.needsYou()
            out.days()
            out.progress()
            out.workers()
            out.across()
            out.unclaimedCommits()
            out.locks()
            out.tasks()
            out.messages()
            out.chart()
            out.timeline()
            out.activity()
        }
        out.dataQuality()
        out.narrative()
        return out.text
    }

    /// The deterministic part only (everything but the narrative): what `--via` reads.
    public static func renderWithoutNarrative(_ report: SynthesisReport, caps: Caps = .summary) -> String {
        var copy = report
        copy.narrative = nil
        return render(copy, caps: caps)
    }
}

/// Line-by-line assembly of the report's Markdown.
struct MarkdownBuilder {
    let report: SynthesisReport
    let caps: SynthesisMarkdown.Caps
    /// The text so far: a reference, so that rendering closures may read the builder while it writes.
    private let output = Output()
    var text: String { output.text }

    private final class Output {
        var text = ""
    }

    init(report: SynthesisReport, caps: SynthesisMarkdown.Caps) {
        self.report = report
        self.caps = caps
    }

    // MARK: Primitives

    func line(_ line: String = "") { output.text += line + "\n" }

    func heading(_ level: Int, _ title: String) {
        if !text.isEmpty && !text.hasSuffix("\n\n") { line() }
        line(String(repeating: "#", count: level) + " " + title)
        line()
    }

    func bullet(_ item: String, indent: Int = 0) {
        line(String(repeating: "  ", count: indent) + "- " + item)
    }

    /// Bullets for the first `limit` items, then "… and N more" (of `total`, when the list itself was cut).
    func capped<T>(_ items: [T], limit: Int, total: Int? = nil, indent: Int = 0, _ render: (T) -> String) {
        let shown = items.prefix(limit)
        for item in shown { bullet(render(item), indent: indent) }
        more((total ?? items.count) - shown.count, indent: indent)
    }

    func more(_ count: Int, indent: Int = 0) {
        guard count > 0 else { return }
        bullet("… and \(count) more (`--full` lists them, `--json` gives everything).", indent: indent)
    }

    /// `HH:MM` within the report's first day, else the date too.
    func stamp(_ time: ReportTime) -> String {
        time.day == referenceDay ? time.clock : time.day + " " + time.clock
    }

    var referenceDay: String { report.window.date?.description ?? report.window.start.day }

    /// The worker a name belongs to, by agent or domain.
    var workerAgents: Set<String> { Set(report.workers.compactMap(\.agent)) }

    // MARK: Title, headline, needs you

    func title() {
        let window = report.window
        if let date = window.date {
            line("# Synthesis for \(Self.weekday(date)) \(date)")
            line()
            var scope = "The whole day in \(window.timezone)"
            if let asOf = window.asOf { scope += ", as of \(asOf.clock) (the day was not over when this report was made)" }
            line(scope + ".")
        } else if window.kind == .days {
            line("# Synthesis for \(window.start.day) to \(Self.lastDay(window))")
            line()
            var scope = "Whole days in \(window.timezone)"
            if let asOf = window.asOf { scope += ", as of \(asOf.day) \(asOf.clock)" }
            line(scope + ".")
        } else {
            line("# Synthesis since \(window.start.day) \(window.start.clock)")
            line()
            line("From \(window.start.day) \(window.start.clock) to \(stamp(window.end)) in \(window.timezone).")
        }
    }

    func emptyDay() {
        line()
        let when = report.window.date.map { "on \(Self.weekday($0)) \($0)" } ?? "in this window"
        line("Nothing was recorded on this board \(when): no bulletin entries, worker observations, "
            + "lock events, decisions or commits.")
    }

    func headline() {
        heading(2, "Headline")
        line(report.headline.map(MarkdownText.inline).joined(separator: " "))
    }

    func needsYou() {
        heading(2, "Needs you")
        if report.needsYou.isEmpty {
            line("Nothing: no approvals, open blockers, unacknowledged decisions, wanted locks, waiting handoffs or silent workers.")
            return
        }
        capped(report.needsYou, limit: caps.list) { action in
            MarkdownText.inline(action.text) + " → " + MarkdownText.code(action.command)
        }
    }

    func days() {
        guard !report.days.isEmpty else { return }
        heading(2, "Day by day")
        for day in report.days {
            bullet("**\(Self.weekday(day.date)) \(day.date)**: " + day.headline.map(MarkdownText.inline).joined(separator: " "))
        }
    }

    // MARK: Words

    static func plural(_ count: Int, _ one: String, _ many: String) -> String {
        count == 1 ? "1 \(one)" : "\(count) \(many)"
    }

    /// "3 heartbeats, 1 repeated line".
    static func countList(_ counts: [SynthesisReport.Count]) -> String {
        counts.map { EntryKind(rawValue: $0.name)?.counted($0.count) ?? "\($0.count) \($0.name)" }.joined(separator: ", ")
    }

    static func weekday(_ date: CivilDate) -> String {
        let names = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let index = Int(((date.daysSinceEpoch % 7) + 7) % 7)
        return names[index]
    }

    /// The last day a window of whole days covers (its end is the next midnight).
    static func lastDay(_ window: SynthesisReport.Window) -> String {
        guard let end = CivilDate(window.end.day) else { return window.end.day }
        return end.adding(days: -1).description
    }
}

/// Board text made safe for one line of Markdown.
enum MarkdownText {
    /// Control characters and line breaks escaped, so text never starts a new block.
    static func inline(_ text: String) -> String { Escaping.escape(text) }

    /// In a table cell: also `|`.
    static func cell(_ text: String) -> String { inline(text).replacing("|", with: "\\|") }

    /// As code, unless the text holds a backtick.
    static func code(_ text: String) -> String {
        text.contains("`") ? inline(text) : "`" + inline(text) + "`"
    }
}

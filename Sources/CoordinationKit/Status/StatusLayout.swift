import CoordStorage
import FoundationEssentials

/// The text of `coord status`: one screen, about 40 lines even with 20 workers.
///
/// Each section has a heading and rows. When everything does not fit in
/// `budget` lines, the sections that can best spare rows give them up (the
/// bulletin tail first, workers last), and a cut section ends with a
/// "+N more (command)" row that says where to see the rest.
public struct StatusLayout: Sendable {
    /// How text is emphasised: plain by default; the CLI adds colour on a terminal.
    public enum Emphasis: Sendable { case heading, alert, dim, name }

    /// The width when output is not a terminal and `COLUMNS` is unset.
    public static let defaultWidth = 100
    /// Narrower than this, rows lose too much to be read; a narrower terminal wraps.
    public static let minimumWidth = 60

    public var budget: Int
    /// No line is longer than this many characters (styling aside).
    public var width: Int
    public var style: @Sendable (String, Emphasis) -> String

    public init(budget: Int = 40, width: Int = StatusLayout.defaultWidth, style: @escaping @Sendable (String, Emphasis) -> String = { text, _ in text }) {
        self.budget = budget
        self.width = width
        self.style = style
    }

    struct Section {
        var heading: String
        var rows: [String]
        /// Rows kept however tight the budget.
        var floor: Int
        /// Where to see everything, for the "+N more" row.
        var more: String
        /// The most rows shown even when there is room.
        var cap: Int
        var shown: Int
        /// Keep the last rows rather than the first (the bulletin's newest entries).
        var keepsTail: Bool

        init(heading: String, rows: [String], floor: Int, cap: Int, more: String, keepsTail: Bool = false) {
            self.heading = heading
            self.rows = rows
            self.floor = floor
            self.more = more
            self.cap = cap
            self.shown = min(rows.count, cap)
            self.keepsTail = keepsTail
        }

        /// Lines this section takes with `shown` rows (plus a "+N more" row when cut).
        var lines: Int { 1 + shown + (shown < rows.count ? 1 : 0) }
    }

    public func render(_ report: StatusReport) -> [String] {
        var sections = [
            workersSection(report), locksSection(report), blockersSection(report),
            decisionsSection(report), bulletinSection(report),
        ]
        let fixed = 1 + (report.observer == nil ? 0 : 1) + (report.tasks == nil ? 0 : 1) + (report.unread == nil ? 0 : 1)
        // Give up rows, bulletin first and workers last, down to each floor.
        let order = [4, 1, 3, 2, 0]
        while fixed + sections.reduce(0, { $0 + $1.lines }) > budget {
            guard let index = order.first(where: { sections[$0].shown > min(sections[$0].floor, sections[$0].rows.count) })
            else { break }
            // Cutting the first row also adds a "+N more" row: cut two then.
            sections[index].shown -= sections[index].shown == sections[index].rows.count && sections[index].shown > 1 ? 2 : 1
            sections[index].shown = max(sections[index].shown, 0)
        }
        var lines = [header(report)]
        for section in sections {
            lines.append(style(section.heading, .heading))
            let hidden = section.rows.count - section.shown
            if hidden > 0 && section.keepsTail {
                lines.append("  " + style("+\(hidden) earlier (\(section.more))", .dim))
            }
            let shown = section.keepsTail ? section.rows.suffix(section.shown) : section.rows.prefix(section.shown)
            lines += shown.map { "  " + $0 }
            if hidden > 0 && !section.keepsTail {
                lines.append("  " + style("+\(hidden) more (\(section.more))", .dim))
            }
        }
        if let tasks = report.tasks { lines.append(style("Tasks", .heading) + ": " + clip(tasks.line, width - 7)) }
        if let unread = report.unread {
            let counts = unread.map { "\($0.agent) \($0.unread) unread" + ($0.urgent > 0 ? " (\($0.urgent) urgent)" : "") }
            let text = counts.isEmpty ? "nothing unread" : counts.joined(separator: ", ")
            lines.append(style("Messages", .heading) + ": " + clip(text + " (coord inbox)", width - 10))
        }
        if let observer = report.observer {
            let blocking = observer.blocking > 0 ? " (\(observer.blocking) blocking)" : ""
            let noun = observer.openProblems == 1 ? "problem" : "problems"
            lines.append(style("Observer", .heading) + ": last pass \(when(observer.lastPass, report)), "
                         + "\(observer.openProblems) \(noun) open\(blocking) (coord observe)")
        }
        if let remote = report.remote {
            lines.append(style("Remote", .heading) + ": \(remote.name), last sync \(remote.lastSync ?? "never") (coord sync)")
        }
        return lines.map(fitted)
    }

    /// `line` cut to `width` visible characters, so a terminal never wraps a row.
    /// Styling escapes (`ESC [ … m`) take no columns and are kept.
    func fitted(_ line: String) -> String {
        var visible = 0
        var inEscape = false
        for character in line {
            if inEscape { inEscape = character != "m"; continue }
            if character == "\u{1B}" { inEscape = true; continue }
            visible += 1
        }
        guard visible > width else { return line }
        var result = ""
        var kept = 0
        var styled = false
        inEscape = false
        for character in line {
            if inEscape { result.append(character); inEscape = character != "m"; continue }
            if character == "\u{1B}" { result.append(character); inEscape = true; styled = true; continue }
            guard kept < width - 1 else { break }
            result.append(character)
            kept += 1
        }
        return result + "…" + (styled ? "\u{1B}[0m" : "")
    }

    // MARK: Sections

    func header(_ report: StatusReport) -> String {
        let local = report.zone.local(report.now)
        let clock = "\(local.date) \(local.time) \(report.zone.identifier)"
        let total = report.workers.count
        let progress = total == 0 ? "no workers" : "\(report.completeCount)/\(total) workers complete"
        let goal = report.goal.map { "Goal: " + clip(Escaping.escape($0), width - progress.count - clock.count - 8) }
            ?? "No goal recorded"
        return style(goal, .heading) + " · " + progress + " · " + style(clock, .dim)
    }

    func workersSection(_ report: StatusReport) -> Section {
        let nameWidth = min(24, report.workers.map { label($0).count }.max() ?? 0)
        let rows = report.workers.map { worker -> String in
            var state = pad(worker.status.rawValue, 11)
            if worker.status == .blocked { state = style(state, .alert) }
            var age = worker.lastUpdate.map { DurationText.format(seconds: seconds(from: $0, to: report.now)) + " ago" } ?? "no update"
            if let seen = worker.lastSeen { age += ", seen " + DurationText.format(seconds: seconds(from: seen, to: report.now)) + " ago" }
            var flag = ""
            if worker.blockers > 0 {
                flag = style(pad(worker.blockers == 1 ? "1 blocker" : "\(worker.blockers) blockers", 11), .alert)
            } else if worker.stale {
                flag = style(pad("STALE", 11), .alert)
            } else if worker.context != nil {
                flag = pad("", 11)
            }
            let context = worker.context.map { "ctx \($0)%" } ?? ""
            var row = style(pad(clip(label(worker), nameWidth), nameWidth), .name) + "  " + state + pad(age, 12) + flag + context
            while row.hasSuffix(" ") { row.removeLast() }
            return row
        }
        let heading = report.workers.isEmpty ? "Workers: none (coord launch starts some)" : "Workers (\(report.workers.count))"
        return Section(heading: heading, rows: rows, floor: 8, cap: 20, more: "coord workers")
    }

    func locksSection(_ report: StatusReport) -> Section {
        let pathWidth = min(28, report.locks.map(\.path.description.count).max() ?? 0)
        let holderWidth = min(24, report.locks.map(\.holder.count).max() ?? 0)
        let rows = report.locks.map { lock -> String in
            let left = DurationText.format(seconds: seconds(from: report.now, to: lock.expires))
            let until = "until \(when(lock.expires, report)) (\(left) left)"
            let fixed = pathWidth + holderWidth + until.count + 8
            return style(pad(clip(lock.path.description, pathWidth), pathWidth), .name) + "  " + pad(clip(lock.holder, holderWidth), holderWidth)
                + "  " + until + "  " + clip(Escaping.escape(lock.intent), width - fixed)
        }
        let heading = report.locks.isEmpty ? "Locks: none live" : "Locks (\(report.locks.count) live)"
        return Section(heading: heading, rows: rows, floor: 3, cap: 6, more: "coord locks")
    }

    func blockersSection(_ report: StatusReport) -> Section {
        let domainWidth = min(24, report.blockers.map(\.domain.count).max() ?? 0)
        let rows = report.blockers.map { blocker -> String in
            let age = pad(DurationText.format(seconds: seconds(from: blocker.since, to: report.now)), 7)
            return style(pad(clip(blocker.domain, domainWidth), domainWidth), .name) + "  " + style(age, .alert)
                + clip(Escaping.escape(blocker.text), width - domainWidth - 13)
        }
        let heading = report.blockers.isEmpty ? "Blockers: none" : style("Blockers (\(report.blockers.count) open)", .alert)
        return Section(heading: heading, rows: rows, floor: 2, cap: 5, more: "coord workers")
    }

    func decisionsSection(_ report: StatusReport) -> Section {
        var rows: [String] = report.awaitingApproval.map { decision in
            let text = (decision.openVote.map { "vote open (\($0.votes) of \($0.quorum) votes)" } ?? "awaits approval")
                + ", proposed by \(decision.source): "
            return style(decision.id, .name) + " " + text + clip(Escaping.escape(decision.title), width - text.count - 14)
        }
        rows += report.awaitingAcknowledgement.map { pending in
            let who = clip(pending.missing.joined(separator: ", "), 40)
            let text = "not acknowledged by \(who): "
            return style(pending.decision.id, .name) + " " + text + clip(Escaping.escape(pending.decision.title), width - text.count - 14)
        }
        let heading = rows.isEmpty ? "Decisions: none awaiting approval or acknowledgement" : "Decisions (\(rows.count) waiting)"
        return Section(heading: heading, rows: rows, floor: 2, cap: 4, more: "coord decisions")
    }

    func bulletinSection(_ report: StatusReport) -> Section {
        var lastDate = report.zone.local(report.now).date
        let rows = report.bulletin.map { entry -> String in
            let stamp = entry.date == lastDate ? "[\(entry.time)]" : "[\(entry.date) \(entry.time)]"
            lastDate = entry.date
            let head = style(stamp, .dim) + " " + style(entry.agent, .name) + ": "
            return head + clip(Escaping.escape(entry.message), width - stamp.count - entry.agent.count - 6)
        }
        let heading = report.bulletin.isEmpty ? "Bulletin: empty" : "Bulletin (latest \(report.bulletin.count))"
        return Section(heading: heading, rows: rows, floor: 2, cap: 5, more: "coord read", keepsTail: true)
    }

    // MARK: Text

    func label(_ worker: StatusReport.Worker) -> String {
        worker.number.map { "#\($0) \(worker.domain)" } ?? worker.domain
    }

    func when(_ date: Date, _ report: StatusReport) -> String {
        let local = report.zone.local(date)
        return local.date == report.zone.local(report.now).date ? local.time.description : "\(local.date) \(local.time)"
    }

    func seconds(from start: Date, to end: Date) -> Int64 {
        Int64(end.timeIntervalSince(start).rounded(.down))
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// At most `limit` characters, ending in "…" when cut.
    func clip(_ text: String, _ limit: Int) -> String {
        let limit = max(limit, 8)
        return text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}

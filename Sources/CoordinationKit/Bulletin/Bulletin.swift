import CoordStorage
import FoundationEssentials

/// A bulletin entry as read back.
public struct BulletinEntry: Sendable, Equatable {
    public var date: CivilDate
    public var time: ClockTime
    public var agent: String
    public var message: String
    /// Where the line starts in `BULLETIN.md`.
    public var offset: Int64
    /// The 1-based line number, when the read counted lines.
    public var line: Int?
    /// True when the line was appended by something other than coord (cron, an editor).
    public var byHand: Bool

    public func instant(in zone: BoardTimeZone) -> Date {
        zone.instant(of: date, secondsIntoDay: time.secondsIntoDay)
    }
}

/// `.coordination/BULLETIN.md`: the human-readable, append-only event log.
public struct Bulletin: Sendable {
    public static let fileName = "BULLETIN.md"
    /// The longest message, once escaped, so that a line stays under 4 KiB
    /// (the size a shell `echo >>` still appends in one write).
    public static let maximumMessageBytes = 4000

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    var path: String { workspace.board.child(Self.fileName) }

    // MARK: Posting

    /// Appends one entry, adding the day heading when the day has changed.
    /// The heading is written at most once per day however many writers race,
    /// because the check and the append happen inside the board lock.
    @discardableResult
    public func post(_ message: String, as agent: AgentName, key: IdempotencyKey? = nil) throws -> BulletinEntry {
        try post([message], as: agent, key: key)[0]
    }

    /// Appends several entries by one agent in one write, all or none: every
    /// message is checked before anything is written. With `numberingLines`, a
    /// refusal names the message's 1-based line of standard input.
    ///
    /// With `key`, every line carries it in coord's mark; when this agent
    /// already posted with that key (see `IdempotencyKey`), nothing is written
    /// and the entries posted then are returned.
    @discardableResult
    public func post(_ messages: [String], as agent: AgentName, numberingLines: Bool = false,
                     key: IdempotencyKey? = nil) throws -> [BulletinEntry] {
        var escaped: [String] = []
        escaped.reserveCapacity(messages.count)
        for (number, message) in zip(1..., messages) {
            escaped.append(try Self.validatedLine(message, line: numberingLines ? number : nil))
        }
        workspace.rememberConfiguration()
        return try workspace.board.withExclusiveLock {
            try postLocked(messages, escaped: escaped, as: agent, key: key)
        }
    }

    /// `post` for a caller that already holds the board lock and validated
    /// `escaped` (`Bulletin.validatedLine` of each message).
    func postLocked(_ messages: [String], escaped: [String], as agent: AgentName,
                    key: IdempotencyKey? = nil) throws -> [BulletinEntry] {
        let now = workspace.clock.now()
        let local = workspace.timeZone.local(now)
        let board = workspace.board
        let file = try board.openOrCreate(Self.fileName, mode: .append)
        let size = try file.size()
        let store = BulletinIndexStore(board: board)
        var (index, changed) = try store.current(for: file, size: size)
        if let key {
            let earlier = try keyed(key, by: agent, in: file, size: size, index: index, now: now)
            if !earlier.isEmpty {
                IdempotencyKey.noteRepeat(key, "the post at \(earlier[0].time)")
                return earlier
            }
        }

        var text = ""
        text.reserveCapacity(escaped.reduce(64) { $0 + $1.utf8.count + agent.rawValue.utf8.count + 12 })
        var headingAt: Int? = nil
        if index.days.last?.date != local.date {
            if size > 0 { text += "\n" }
            headingAt = text.utf8.count
            text += BulletinLine.heading(local.date) + "\n\n"
        }
        var entryOffsets: [Int] = []
        for message in escaped {
            entryOffsets.append(text.utf8.count)
            text += BulletinLine.format(time: local.time, agent: agent, escapedMessage: message, key: key) + "\n"
        }
        let placement = try file.append(Array(text.utf8))
        if index.covered < placement.start {
            // Bytes before this record that the index does not cover were written by
            // someone else: an unterminated tail this write has just ended with a
            // newline, or an append made without the lock.
            index.absorb(try file.read(index.covered ..< placement.start), at: index.covered)
            changed = true
        }
        index.covered = placement.end
        if let headingAt {
            index.days.append(.init(date: local.date, offset: placement.start + Int64(headingAt)))
            index.trim()
            changed = true
        }
        if index.marksFrom == nil {
            index.marksFrom = placement.start + Int64(entryOffsets[0])
            changed = true
        }
        // The entry is committed: the index is only a cache, checked on every
        // use, so failing to update it must not turn the post into an error.
        if changed { try? store.save(index) } else { try? store.saveCovered(index) }
        return escaped.indices.map { i in
            BulletinEntry(date: local.date, time: local.time, agent: agent.rawValue, message: messages[i],
                          offset: placement.start + Int64(entryOffsets[i]), line: nil, byHand: false)
        }
    }

    /// The entries `agent` posted with `key` within the key's window, oldest
    /// first. Reads back from the end and stops at the heading of a day that
    /// ended before the window began. Inside the board lock.
    func keyed(_ key: IdempotencyKey, by agent: AgentName, in file: BoardFile, size: Int64, index: BulletinIndex,
               now: Date) throws -> [BulletinEntry] {
        let zone = workspace.timeZone
        let oldest = zone.local(IdempotencyKey.horizon(now)).date
        let today = zone.local(now).date
        var found: [BulletinEntry] = []
        try LineScanner.scanBackward(file, endingAt: size) { line in
            guard let mark = BulletinLine.entryMark(line.bytes) else {
                if line.bytes.first == UInt8(ascii: "#"), case .heading(let day) = BulletinLine.parse(line.bytes), day < oldest {
                    return false
                }
                return true
            }
            guard mark.key == Substring(key.rawValue),
                  case .entry(let time, let name, let message, let own) = BulletinLine.parse(line.bytes), name == agent.rawValue
            else { return true }
            found.append(BulletinEntry(date: own ?? index.date(at: line.offset) ?? today, time: time, agent: name,
                                       message: message, offset: line.offset, line: nil, byHand: false))
            return true
        }
        return found.reversed()
    }

    /// The escaped form of `message`, or a one-sentence refusal that names
    /// `line` (of standard input) when given.
    static func validatedLine(_ message: String, line: Int? = nil) throws -> String {
        let subject = line.map { "Line \($0) of standard input" } ?? "The message"
        if message.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            if line != nil {
                throw CoordError.invalidInput("\(subject) is empty; remove blank lines and post the batch again (nothing was posted).")
            }
            throw CoordError.invalidInput("The message is empty; say what happened, for example: coord post \"tests pass on main\".")
        }
        let escaped = Escaping.escape(message)
        if escaped.utf8.count > maximumMessageBytes {
            let fix = line == nil ? "shorten it or put the detail in a file and post its path"
                                  : "shorten that line and post the batch again (nothing was posted)"
            throw CoordError.invalidInput(
                "\(subject) is \(escaped.utf8.count) bytes once escaped, over the limit of \(maximumMessageBytes); \(fix).")
        }
        return escaped
    }

    // MARK: Reading recent entries

    /// Entries matching `query`, oldest first. Reads from the end of the file,
    /// so the cost follows what is returned, not the size of the history.
    ///
    /// A reader never writes: a bulletin index that is missing or behind is
    /// brought up to date in memory only (`coord post` saves it).
    ///
    /// Times under one heading need not run forward: a line appended by hand
    /// may carry any time. So the scan stops at a day heading, never at an
    /// entry. Lines above the heading for day D were appended by the end of D:
    /// those without a date of their own belong to an earlier day, and those
    /// with one (`- [2026-11-21 03:00] nightly: …`, a cron job's line written
    /// before anyone posted on D) sit just above it. So at the heading of the
    /// first wanted day the scan goes on only through such dated lines.
    public func read(_ query: BulletinQuery) throws -> [BulletinEntry] {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else { return [] }
        let size = try file.size()
        let (index, _) = try BulletinIndexStore(board: workspace.board).current(for: file, size: size)
        let zone = workspace.timeZone
        let today = zone.local(workspace.clock.now()).date
        let until = workspace.viewMoment
        // The first day that can hold a wanted entry, by `since` and `date`.
        let firstDay: CivilDate? = [query.since.map { zone.local($0).date }, query.date].compactMap { $0 }.max()
        var onlyDatedLines = false
        var found: [BulletinEntry] = []
        // Undated entries below a heading older than the index remembers wait
        // for the scan to reach their heading (it comes next, going backwards).
        var waiting: [(line: [UInt8], offset: Int64, time: ClockTime, own: CivilDate?)] = []
        var full: Bool { query.limit.map { found.count >= $0 } ?? false }
        func consider(_ bytes: ArraySlice<UInt8>, offset: Int64, date: CivilDate, time: ClockTime) {
            if let wanted = query.date, date != wanted { return }
            if let since = query.since, zone.instant(of: date, secondsIntoDay: time.secondsIntoDay) < since { return }
            guard case .entry(let time, let agent, let message, _) = BulletinLine.parse(bytes) else { return }
            let entry = BulletinEntry(date: date, time: time, agent: agent, message: message,
                                      offset: offset, line: nil, byHand: index.isByHand(bytes, at: offset))
            if let until, entry.instant(in: zone) > until { return }
            if query.matches(entry) && !full { found.append(entry) }
        }
        func settle(_ date: CivilDate) {
            for item in waiting { consider(item.line[...], offset: item.offset, date: item.own ?? date, time: item.time) }
            waiting = []
        }
        try LineScanner.scanBackward(file, endingAt: size) { line in
            guard let stamp = BulletinLine.stamp(line.bytes) else {
                guard line.bytes.first == UInt8(ascii: "#"), case .heading(let day) = BulletinLine.parse(line.bytes) else {
                    return true
                }
                settle(day)
                guard let firstDay else { return !full }
                if day < firstDay || onlyDatedLines { return false }
                onlyDatedLines = day == firstDay
                return !full
            }
            if onlyDatedLines && stamp.date == nil { return false }
            // Once a line waits, the ones above it wait too, so entries keep their order.
            guard waiting.isEmpty, let date = stamp.date ?? index.date(at: line.offset) else {
                waiting.append((Array(line.bytes), line.offset, stamp.time, stamp.date))
                return true
            }
            consider(line.bytes, offset: line.offset, date: date, time: stamp.time)
            return !full
        }
        // Lines above every heading take the first heading's date.
        if !waiting.isEmpty { settle(try BulletinIndexStore(board: workspace.board).date(at: 0, in: file, index: index) ?? today) }
        return found.reversed()
    }

    // MARK: Reading everything

    /// Every line of the bulletin, front to back, with line numbers: what
    /// reports and `coord doctor` need.
    public func scan() throws -> BulletinScan {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else {
            return BulletinScan(entries: [], invalid: [], headings: [], size: 0)
        }
        let size = try file.size()
        return Self.scan(try file.read(0 ..< size), path: path, base: 0, marksFrom: nil,
                         today: workspace.timeZone.local(workspace.clock.now()).date)
    }

    /// Reads the lines of `bytes`, which start at `base` in the bulletin.
    /// `marksFrom` is where coord began marking its lines, when known; a line
    /// that starts marking is noticed during the scan too.
    static func scan(_ bytes: [UInt8], path: String, base: Int64, marksFrom: Int64?, today: CivilDate,
                     startDate: CivilDate? = nil, firstLine: Int = 1) -> BulletinScan {
        var hand = BulletinIndex()
        hand.marksFrom = marksFrom
        var entries: [BulletinEntry] = []
        var invalid: [InvalidLine] = []
        var headings: [CivilDate] = []
        var current = startDate
        var undated: [Int] = []
        for line in LineScanner.lines(of: bytes, startingAt: base, firstNumber: firstLine) {
            switch BulletinLine.parse(line.bytes) {
            case .heading(let date):
                headings.append(date)
                if current == nil { for i in undated { entries[i].date = date } }
                current = date
            case .entry(let time, let agent, let message, let own):
                if current == nil && own == nil { undated.append(entries.count) }
                entries.append(BulletinEntry(date: own ?? current ?? today, time: time, agent: agent, message: message,
                                             offset: line.offset, line: line.number,
                                             byHand: hand.isByHand(line.bytes, at: line.offset)))
                if hand.marksFrom == nil, BulletinLine.startsMarking(line.bytes) { hand.marksFrom = line.offset }
            case .invalid(let reason):
                invalid.append(InvalidLine(path: path, line: line.number ?? 0, reason: reason, text: Escaping.escape(line.text)))
            case .note:
                if hand.marksFrom == nil, BulletinLine.startsMarking(line.bytes) { hand.marksFrom = line.offset }
            }
        }
        return BulletinScan(entries: entries, invalid: invalid, headings: headings, size: base + Int64(bytes.count),
                            marksFrom: hand.marksFrom)
    }
}

/// The result of reading the whole bulletin.
public struct BulletinScan: Sendable {
    public var entries: [BulletinEntry]
    public var invalid: [InvalidLine]
    public var headings: [CivilDate]
    /// Bytes read (where a follower continues from).
    public var size: Int64
    /// Where coord began marking its lines, as far as the scan saw.
    var marksFrom: Int64? = nil
}

/// Filters for `coord read`.
public struct BulletinQuery: Sendable {
    public var since: Date?
    public var date: CivilDate?
    public var agent: String?
    public var grep: String?
    /// At most this many entries (the most recent ones); nil for no bound.
    public var limit: Int?

    public init(since: Date? = nil, date: CivilDate? = nil, agent: String? = nil, grep: String? = nil, limit: Int? = 100) {
        self.since = since
        self.date = date
        self.agent = agent
        self.grep = grep
        self.limit = limit
    }

    /// The filters that do not depend on position (agent and text).
    public func matches(_ entry: BulletinEntry) -> Bool {
        if let agent, entry.agent != agent { return false }
        if let grep, !entry.message.lowercased().contains(grep.lowercased()) { return false }
        return true
    }
}

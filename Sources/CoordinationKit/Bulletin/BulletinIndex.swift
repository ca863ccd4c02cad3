import CoordStorage

/// A small cache beside the bulletin, `.coordination/.state/bulletin.idx`,
/// that keeps `coord post` and `coord read --since` flat as history grows.
///
/// It records where each of the latest days' headings starts, how far the
/// bulletin has been accounted for (`covered`), and where coord began marking
/// its lines (the "by hand" marks are read from the lines themselves). It is
/// only a cache: when it disagrees with the bulletin it is rebuilt from a full
/// scan, and deleting it is always safe and changes no answer.
struct BulletinIndex: Equatable {
    static let folder = ".state"
    static let fileName = "bulletin.idx"
    /// Fixed width so that `covered` is updated with one small `pwrite`:
    /// "covered " + 20 digits + " sum " + 16 hex digits + "\n".
    private static let headerWidth = 50
    /// The index remembers this many of the latest days. It is read and
    /// checked whole on every post and read, so its size is bounded by a
    /// period, not by the history: older days are found by reading the file.
    static let retainedDays = 62

    struct Day: Equatable {
        var date: CivilDate
        var offset: Int64
    }

    var covered: Int64 = 0
    var days: [Day] = []
    /// True when days before `days.first` were dropped (see `retainedDays`).
    var trimmed = false
    /// Where coord began marking the lines it writes (see `BulletinLine.startsMarking`):
    /// unmarked entries after it were written by hand. Nil when no such line exists.
    var marksFrom: Int64?

    /// The date of the heading above `offset`: the nearest day at or before it,
    /// else the first day (a line that arrived before any heading), else nil.
    /// Nil too when `offset` lies before the days the index remembers.
    func date(at offset: Int64) -> CivilDate? {
        if trimmed, days.first.map({ offset < $0.offset }) ?? true { return nil }
        var low = 0
        var high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid].offset <= offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? days[low - 1].date : days.first?.date
    }

    /// Whether the entry `line`, at `offset`, was appended by something other
    /// than coord: it lacks coord's mark, and coord marked lines before it.
    /// Derived from the bulletin alone, so every copy of a board agrees.
    func isByHand(_ line: ArraySlice<UInt8>, at offset: Int64) -> Bool {
        guard let marksFrom, offset > marksFrom else { return false }
        return BulletinLine.entryMark(line) == nil
    }

    /// Drops all but the latest `retainedDays` days.
    mutating func trim() {
        guard days.count > Self.retainedDays else { return }
        days.removeFirst(days.count - Self.retainedDays)
        trimmed = true
    }

    // MARK: Encoding

    func encoded() -> [UInt8] {
        let body = encodedBody()
        return Array(Self.header(covered, body: body).utf8) + body
    }

    private func encodedBody() -> [UInt8] {
        var text = ""
        if trimmed { text += "trimmed\n" }
        if let marksFrom { text += "marks \(marksFrom)\n" }
        for day in days { text += "day \(day.date) \(day.offset)\n" }
        return Array(text.utf8)
    }

    /// The header line: `covered` and a checksum over it and the body, so that
    /// a damaged or hand-edited index (a day line lost, an offset changed) is
    /// noticed and rebuilt instead of trusted.
    func header() -> String { Self.header(covered, body: encodedBody()) }

    private static func header(_ covered: Int64, body: [UInt8]) -> String {
        let digits = String(covered)
        let padded = String(repeating: "0", count: 20 - digits.count) + digits
        return "covered " + padded + " sum " + CacheChecksum.of(Array(padded.utf8) + body) + "\n"
    }

    /// Parses the index, or nil when it is not one (then it is rebuilt).
    ///
    /// Every post and read decodes it, and it grows by a line a day, so it is
    /// parsed as bytes: a year of days costs microseconds, not milliseconds.
    static func decode(_ bytes: [UInt8]) -> BulletinIndex? {
        guard bytes.count >= headerWidth, bytes.starts(with: "covered ".utf8),
              bytes[headerWidth - 1] == LineScanner.newline,
              let covered = number(bytes[8 ..< 28])
        else { return nil }
        var index = BulletinIndex()
        index.covered = covered
        var start = headerWidth
        // Only complete lines count: one still being written is not part of the index.
        let end = (bytes.lastIndex(of: LineScanner.newline) ?? 0) + 1
        guard Array(header(covered, body: Array(bytes[headerWidth ..< max(headerWidth, end)])).utf8) == Array(bytes[..<headerWidth])
        else { return nil }
        while let end = bytes[start...].firstIndex(of: LineScanner.newline) {
            let line = bytes[start ..< end]
            if line.starts(with: "day ".utf8), line.count > 15, line[start + 14] == UInt8(ascii: " "),
               let date = CivilDate(utf8: line[(start + 4) ..< (start + 14)]), let offset = number(line[(start + 15)...]) {
                index.days.append(Day(date: date, offset: offset))
            } else if line.elementsEqual("trimmed".utf8), !index.trimmed, index.days.isEmpty {
                index.trimmed = true
            } else if line.starts(with: "marks ".utf8), index.marksFrom == nil, index.days.isEmpty,
                      let offset = number(line[(start + 6)...]) {
                index.marksFrom = offset
            } else {
                return nil
            }
            start = end + 1
        }
        return index
    }

    /// A non-negative decimal that fits in Int64, or nil.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (tens, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, carried) = tens.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflowed || carried { return nil }
            value = sum
        }
        return value
    }

    // MARK: Building

    /// Records the headings in `bytes`, which start at `base` in the bulletin,
    /// and the first line from which coord marks its lines, if not known yet.
    ///
    /// Only lines starting with `## `, or (until the first mark is found) with
    /// `<!--` or ending in `-->`, are parsed: a rebuild over a million entries
    /// costs a byte scan, not a million line parses.
    mutating func absorb(_ bytes: [UInt8], at base: Int64, trimming: Bool = true) {
        var found: [Day] = []
        var marks = marksFrom
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var index = 0
            while index < buffer.count {
                if buffer[index] == LineScanner.newline {
                    if index - start >= 13, buffer[start] == UInt8(ascii: "#"), buffer[start + 1] == UInt8(ascii: "#"),
                       buffer[start + 2] == UInt8(ascii: " "),
                       case .heading(let date) = BulletinLine.parse(bytes[start ..< index]) {
                        found.append(Day(date: date, offset: base + Int64(start)))
                    } else if marks == nil, index - start >= 4,
                              buffer[start] == UInt8(ascii: "<") || buffer[index - 1] == UInt8(ascii: ">")
                                  || buffer[index - 1] == UInt8(ascii: "\r"),
                              BulletinLine.startsMarking(bytes[start ..< index]) {
                        marks = base + Int64(start)
                    }
                    start = index + 1
                }
                index += 1
            }
        }
        marksFrom = marks
        for day in found where !days.contains(where: { $0.offset == day.offset }) { days.append(day) }
        days.sort { $0.offset < $1.offset }
        if trimming { trim() }
    }

    /// Checks the index still describes `file` (the bulletin may have been
    /// replaced by a git checkout or an editor, or the index damaged): every
    /// recorded heading must be at its offset, at the start of a line, in
    /// order, and inside what `covered` claims; `covered` must end a line;
    /// the line where marking starts must be one. One small read per day,
    /// and the index holds at most `retainedDays` days.
    func isConsistent(with file: BoardFile, size: Int64) -> Bool {
        guard covered <= size else { return false }
        if covered > 0, (try? file.byte(at: covered - 1)) != LineScanner.newline { return false }
        var previous: Int64 = -1
        for day in days {
            guard day.offset > previous, day.offset < covered else { return false }
            previous = day.offset
            let start = max(0, day.offset - 1)
            let expected = (day.offset > 0 ? [LineScanner.newline] : []) + Array((BulletinLine.heading(day.date) + "\n").utf8)
            guard (try? file.read(start ..< start + Int64(expected.count))) == expected else { return false }
        }
        if let marksFrom {
            guard marksFrom < covered,
                  let bytes = try? file.read(marksFrom ..< min(covered, marksFrom + 4 * 1024 + 200)),
                  let end = bytes.firstIndex(of: LineScanner.newline),
                  BulletinLine.startsMarking(bytes[..<end]),
                  marksFrom == 0 || (try? file.byte(at: marksFrom - 1)) == LineScanner.newline
            else { return false }
        }
        return true
    }
}

/// Loading and saving the index. Saving happens inside the board lock.
struct BulletinIndexStore {
    let board: BoardDirectory

    /// The index brought up to date with the first `size` bytes of `file`.
    /// Complete lines past `covered` were appended without updating the index
    /// (by hand, or by a coord that could not save it): their headings and
    /// marks are absorbed. An unterminated tail is left uncovered, so the
    /// line it becomes once ended is accounted for as a whole. Returns the index
    /// and whether it changed.
    func current(for file: BoardFile, size: Int64) throws -> (BulletinIndex, changed: Bool) {
        if var index = try load(), index.isConsistent(with: file, size: size) {
            guard index.covered < size else { return (index, false) }
            let foreign = try file.read(index.covered ..< size)
            guard let last = foreign.lastIndex(of: UInt8(ascii: "\n")) else { return (index, false) }
            index.absorb(Array(foreign[...last]), at: index.covered)
            index.covered += Int64(last + 1)
            return (index, true)
        }
        var rebuilt = BulletinIndex()
        let bytes = try file.read(0 ..< size)
        rebuilt.absorb(bytes, at: 0)
        rebuilt.covered = Int64(bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
        return (rebuilt, true)
    }

    /// The date in force at `offset`: from the index when it remembers that
    /// far back, else from the nearest heading above `offset` in the file
    /// (or the first heading below it, for lines above every heading).
    func date(at offset: Int64, in file: BoardFile, index: BulletinIndex) throws -> CivilDate? {
        if let date = index.date(at: offset) { return date }
        guard index.trimmed else { return nil }
        var found: CivilDate? = nil
        try LineScanner.scanBackward(file, endingAt: min(offset + 1, try file.size())) { line in
            guard line.bytes.first == UInt8(ascii: "#"), case .heading(let day) = BulletinLine.parse(line.bytes) else { return true }
            found = day
            return false
        }
        if let found { return found }
        // Above every heading: the first heading below takes it.
        let end = min(try file.size(), index.days.first?.offset ?? offset)
        for line in LineScanner.lines(of: try file.read(offset ..< end + 1)) {
            if line.bytes.first == UInt8(ascii: "#"), case .heading(let day) = BulletinLine.parse(line.bytes) { return day }
        }
        return index.days.first?.date
    }

    func load() throws -> BulletinIndex? {
        guard let folder = try board.subdirectory(BulletinIndex.folder, create: false),
              let bytes = try folder.read(BulletinIndex.fileName)
        else { return nil }
        return BulletinIndex.decode(bytes)
    }

    func save(_ index: BulletinIndex) throws {
        guard let folder = try board.subdirectory(BulletinIndex.folder, create: true) else { return }
        try folder.replace(BulletinIndex.fileName, with: index.encoded())
    }

    /// Moves `covered` forward with one fixed-width write of the header (the
    /// common case of a post); `index` is the whole index, for its checksum.
    func saveCovered(_ index: BulletinIndex) throws {
        guard let folder = try board.subdirectory(BulletinIndex.folder, create: true) else { return }
        let file = try folder.openOrCreate(BulletinIndex.fileName, mode: .readWrite)
        try file.overwrite(Array(index.header().utf8), at: 0)
    }
}

import CoordStorage

/// A small cache beside the bulletin, `.coordination/.state/bulletin.idx`,
/// that keeps `coord post` and `coord read --since` flat as history grows.
///
/// It records where each day heading starts, how far the bulletin has been
/// accounted for (`covered`), and which byte ranges were appended by someone
/// other than coord (a cron `echo >>`, an editor): those are the lines shown
/// as "by hand" in reports. It is only a cache: when it disagrees with the
/// bulletin it is rebuilt from a full scan, and deleting it is always safe.
struct BulletinIndex: Equatable {
    static let folder = ".state"
    static let fileName = "bulletin.idx"
    /// Fixed width so that `covered` is updated with one small `pwrite`:
    /// "covered " + 20 digits + " sum " + 16 hex digits + "\n".
    private static let headerWidth = 50

    struct Day: Equatable {
        var date: CivilDate
        var offset: Int64
    }

    var covered: Int64 = 0
    var days: [Day] = []
    var handRanges: [Range<Int64>] = []

    /// The date of the heading above `offset`: the nearest day at or before it,
    /// else the first day (a line that arrived before any heading), else nil.
    func date(at offset: Int64) -> CivilDate? {
        var low = 0
        var high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid].offset <= offset { low = mid + 1 } else { high = mid }
        }
        return low > 0 ? days[low - 1].date : days.first?.date
    }

    func isByHand(_ offset: Int64) -> Bool {
        handRanges.contains { $0.contains(offset) }
    }

    // MARK: Encoding

    func encoded() -> [UInt8] {
        let body = encodedBody()
        return Array(Self.header(covered, body: body).utf8) + body
    }

    private func encodedBody() -> [UInt8] {
        var text = ""
        for day in days { text += "day \(day.date) \(day.offset)\n" }
        for range in handRanges { text += "hand \(range.lowerBound) \(range.upperBound)\n" }
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
            } else if line.starts(with: "hand ".utf8), let space = line[(start + 5)...].firstIndex(of: UInt8(ascii: " ")),
                      let lower = number(line[(start + 5) ..< space]), let upper = number(line[(space + 1)...]), lower <= upper {
                index.handRanges.append(lower ..< upper)
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

    /// Records the headings in `bytes`, which start at `base` in the bulletin.
    ///
    /// Only lines starting with `## ` can be headings, so the others are
    /// skipped without being parsed: a rebuild over a million entries costs a
    /// byte scan, not a million line parses.
    mutating func absorb(_ bytes: [UInt8], at base: Int64, byHand: Bool) {
        var found: [Day] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var index = 0
            while index < buffer.count {
                if buffer[index] == LineScanner.newline {
                    if index - start >= 13, buffer[start] == UInt8(ascii: "#"), buffer[start + 1] == UInt8(ascii: "#"),
                       buffer[start + 2] == UInt8(ascii: " "),
                       case .heading(let date) = BulletinLine.parse(bytes[start ..< index]) {
                        found.append(Day(date: date, offset: base + Int64(start)))
                    }
                    start = index + 1
                }
                index += 1
            }
        }
        for day in found where !days.contains(where: { $0.offset == day.offset }) { days.append(day) }
        days.sort { $0.offset < $1.offset }
        if byHand, let last = bytes.lastIndex(of: UInt8(ascii: "\n")) {
            handRanges.append(base ..< base + Int64(last + 1))
        }
    }

    /// Checks the index still describes `file` (the bulletin may have been
    /// replaced by a git checkout or an editor, or the index damaged): every
    /// recorded heading must be at its offset, at the start of a line, in
    /// order, and inside what `covered` claims; `covered` must end a line;
    /// every by-hand range must lie inside it. One small read per day.
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
        return handRanges.allSatisfy { $0.lowerBound < $0.upperBound && $0.upperBound <= covered }
    }
}

/// Loading and saving the index. Saving happens inside the board lock.
struct BulletinIndexStore {
    let board: BoardDirectory

    /// The index brought up to date with the first `size` bytes of `file`.
    /// Complete lines past `covered` were not written by `coord post`: they are
    /// absorbed as hand-appended. An unterminated tail is left uncovered, so the
    /// line it becomes once ended is accounted for as a whole. Returns the index
    /// and whether it changed.
    func current(for file: BoardFile, size: Int64) throws -> (BulletinIndex, changed: Bool) {
        if var index = try load(), index.isConsistent(with: file, size: size) {
            guard index.covered < size else { return (index, false) }
            let foreign = try file.read(index.covered ..< size)
            guard let last = foreign.lastIndex(of: UInt8(ascii: "\n")) else { return (index, false) }
            index.absorb(Array(foreign[...last]), at: index.covered, byHand: true)
            index.covered += Int64(last + 1)
            return (index, true)
        }
        var rebuilt = BulletinIndex()
        let bytes = try file.read(0 ..< size)
        rebuilt.absorb(bytes, at: 0, byHand: false)
        rebuilt.covered = Int64(bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)
        return (rebuilt, true)
    }

    /// The saved index when it still describes `file`, else nil (then callers
    /// treat every line as coord's, as a rebuild would).
    func validated(for file: BoardFile, size: Int64) -> BulletinIndex? {
        guard let index = try? load(), index.isConsistent(with: file, size: size) else { return nil }
        return index
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

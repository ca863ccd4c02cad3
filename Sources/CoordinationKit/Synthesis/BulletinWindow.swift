import CoordStorage
import FoundationEssentials

/// The bulletin entries and skipped lines of one report window.
///
/// Only the days the window touches are read: the bulletin index gives where
/// each `## YYYY-MM-DD` section starts, so a report on a long history costs
/// what its own days cost. A day heading repeated by a union merge simply
/// contributes a second section.
struct BulletinWindow {
    var entries: [BulletinEntry] = []
    /// Lines under the window's days that readers skip (torn, garbage).
    var skippedCount = 0
    /// The first few skipped lines, with line numbers.
    var skippedExamples: [InvalidLine] = []

    static let exampleLimit = 3

    static func read(_ workspace: Workspace, window: SynthesisWindow) throws -> BulletinWindow {
        var result = BulletinWindow()
        guard let file = try workspace.board.openFile(Bulletin.fileName, mode: .readOnly) else { return result }
        let size = try file.size()
        var (index, _) = try BulletinIndexStore(board: workspace.board).current(for: file, size: size)
        let zone = workspace.timeZone
        let days = window.days(in: zone)
        if index.trimmed, let first = index.days.first, days.lowerBound < first.date {
            // The window reaches back past the days the index remembers: find the older headings in the file.
            var older = BulletinIndex()
            older.absorb(try file.read(0 ..< first.offset), at: 0, trimming: false)
            index.days = older.days + index.days
            index.trimmed = false
        }
        let today = zone.local(workspace.clock.now()).date
        let path = workspace.board.child(Bulletin.fileName)

        var instants = LocalInstants(zone: zone)
        var skippedOffsets: [(offset: Int64, reason: String, text: String)] = []
        for section in sections(of: index, size: size, today: today) where days.contains(section.date) {
            let bytes = try file.read(section.range)
            for line in LineScanner.lines(of: bytes, startingAt: section.range.lowerBound) {
                switch BulletinLine.parse(line.bytes) {
                case .entry(let time, let agent, let message, let own):
                    let entry = BulletinEntry(date: own ?? section.date, time: time, agent: agent, message: message,
                                              offset: line.offset, line: nil, byHand: index.isByHand(line.bytes, at: line.offset))
                    if window.date != nil || window.contains(instants.instant(entry)) {
                        result.entries.append(entry)
                    }
                case .invalid(let reason):
                    result.skippedCount += 1
                    if skippedOffsets.count < exampleLimit {
                        skippedOffsets.append((line.offset, reason, Escaping.escape(line.text)))
                    }
                case .heading, .note:
                    break
                }
            }
        }
        let numbers = try lineNumbers(in: file, at: skippedOffsets.map(\.offset))
        result.skippedExamples = skippedOffsets.enumerated().map { i, skipped in
            InvalidLine(path: path, line: numbers[i], reason: skipped.reason, text: skipped.text)
        }
        return result
    }

    /// The bulletin cut into day sections: each heading up to the next. Lines above
    /// the first heading belong to the first day; with no heading at all, to today.
    static func sections(of index: BulletinIndex, size: Int64, today: CivilDate) -> [(date: CivilDate, range: Range<Int64>)] {
        guard let first = index.days.first else { return size > 0 ? [(today, 0 ..< size)] : [] }
        var sections: [(date: CivilDate, range: Range<Int64>)] = []
        if first.offset > 0 { sections.append((first.date, 0 ..< min(first.offset, size))) }
        for (i, day) in index.days.enumerated() where day.offset < size {
            let next = i + 1 < index.days.count ? min(index.days[i + 1].offset, size) : size
            if next > day.offset { sections.append((day.date, day.offset ..< next)) }
        }
        return sections
    }

    /// 1-based line numbers of the lines starting at `offsets` (ascending), by
    /// counting newlines from the start of the file. Only done for the few
    /// skipped lines a report names.
    static func lineNumbers(in file: BoardFile, at offsets: [Int64]) throws -> [Int] {
        guard let last = offsets.last else { return [] }
        var numbers: [Int] = []
        var newlines = 0
        var position: Int64 = 0
        var next = 0
        let chunk: Int64 = 1 << 20
        while next < offsets.count && position <= last {
            let bytes = try file.read(position ..< min(position + chunk, last + 1))
            if bytes.isEmpty { break }
            for (i, byte) in bytes.enumerated() {
                while next < offsets.count && position + Int64(i) == offsets[next] {
                    numbers.append(newlines + 1)
                    next += 1
                }
                if byte == UInt8(ascii: "\n") { newlines += 1 }
            }
            position += Int64(bytes.count)
        }
        while numbers.count < offsets.count { numbers.append(newlines + 1) }
        return numbers
    }
}

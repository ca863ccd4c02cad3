import CoordStorage

/// Brings the entries of a seed-format `BULLETIN.md` into the board's bulletin.
///
/// The bulletin is append-only and in time order, and readers rely on that
/// (`coord read --since` stops at the first older entry). So:
/// - when the board's bulletin has no entries yet, every entry of the seed
///   bulletin is copied in, with its day headings, exactly as written;
/// - otherwise only the seed entries that are not already there (same day,
///   time, agent and message) and are not older than the board's newest
///   entry are appended; older missing ones are left out and counted.
/// Lines that are not entries or day headings (titles, prose) are not copied.
struct BulletinImport {
    let seed: [UInt8]
    let seedPath: String
    let target: BulletinScan
    let today: CivilDate

    struct Key: Hashable {
        var date: CivilDate
        var time: ClockTime
        var agent: String
        var message: String

        init(_ entry: BulletinEntry) {
            date = entry.date
            time = entry.time
            agent = entry.agent
            message = entry.message
        }
    }

    /// The bytes to append (empty when nothing is new) and what happened.
    func plan() -> (bytes: [UInt8], part: ImportReport.BulletinPart) {
        let scan = Bulletin.scan(seed, path: seedPath, base: 0, marksFrom: nil, today: today)
        var part = ImportReport.BulletinPart()
        part.skippedInvalid = scan.invalid.count
        let present = Set(target.entries.map(Key.init))
        let newest = target.entries.map { ($0.date, $0.time) }.max { $0 < $1 }
        var chosen: [BulletinEntry] = []
        for entry in scan.entries {
            if present.contains(Key(entry)) {
                part.alreadyPresent += 1
            } else if let newest, (entry.date, entry.time) < newest {
                part.leftOut += 1
            } else {
                chosen.append(entry)
            }
        }
        part.copied = chosen.count
        guard !chosen.isEmpty else { return ([], part) }
        var bytes: [UInt8] = []
        var day = target.headings.last
        let lineFeed = UInt8(ascii: "\n")
        for entry in chosen {
            if entry.date != day {
                if target.size > 0 || !bytes.isEmpty { bytes.append(lineFeed) }
                bytes += Array((BulletinLine.heading(entry.date) + "\n\n").utf8)
                day = entry.date
            }
            bytes += rawLine(at: entry.offset)
            bytes.append(lineFeed)
        }
        return (bytes, part)
    }

    /// The seed's line at `offset`, as written (without its line ending).
    private func rawLine(at offset: Int64) -> [UInt8] {
        let start = Int(offset)
        var end = seed[start...].firstIndex(of: UInt8(ascii: "\n")) ?? seed.count
        if end > start, seed[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return Array(seed[start ..< end])
    }
}

import CoordTestSupport
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The on-disk form of `.state/bulletin.idx`.
@Suite struct BulletinIndexCodecTests {
    @Test func encodingRoundTrips() {
        var index = BulletinIndex()
        index.covered = 1_234_567_890
        var random = SeededRandom(seed: 7)
        for day in 0 ..< 400 {
            index.days.append(.init(date: CivilDate(daysSinceEpoch: 20_000 + Int64(day)), offset: Int64(day) * 100_000))
        }
        index.marksFrom = Int64.random(in: 0 ... 1 << 40, using: &random)
        index.trimmed = true
        let bytes = index.encoded()
        #expect(bytes.starts(with: "covered 00000000001234567890 sum ".utf8))
        #expect(bytes[50...].starts(with: "trimmed\nmarks \(index.marksFrom!)\nday 2024-10-04 0\n".utf8))
        #expect(BulletinIndex.decode(bytes) == index)
        // A line still being written is not part of the index.
        #expect(BulletinIndex.decode(bytes + Array("day 2027".utf8)) == index)
    }

    @Test(arguments: [
        "", "covered 12\n", "covered 0000000000000000001x\n", "covered 99999999999999999999\n",
        "cover   00000000000000000012\n", "covered 00000000000000000012",
        "covered 00000000000000000012\nday 2026-11-21\n", "covered 00000000000000000012\nday 2026-11-21 -5\n",
        "covered 00000000000000000012\nday 2026-11-21  5\n", "covered 00000000000000000012\nday 2026-02-30 5\n",
        "covered 00000000000000000012\nhand 5 3\n", "covered 00000000000000000012\nmarks\n",
        "covered 00000000000000000012\nmarks 5 \n", "covered 00000000000000000012\nnote\n",
        "covered 00000000000000000012\n\n",
    ])
    func malformedIndexesAreRejected(_ text: String) {
        #expect(BulletinIndex.decode(Array(text.utf8)) == nil)
    }

    /// Any change to a saved index (a byte flipped, a line lost, an offset
    /// moved) breaks its checksum, so it is rebuilt rather than trusted.
    @Test func everySingleByteChangeIsNoticed() {
        var index = BulletinIndex()
        index.covered = 5_000
        index.days = [.init(date: CivilDate(year: 2026, month: 11, day: 20), offset: 100),
                      .init(date: CivilDate(year: 2026, month: 11, day: 21), offset: 2_500)]
        index.marksFrom = 300
        let bytes = index.encoded()
        var random = SeededRandom(seed: 20)
        for position in bytes.indices {
            var damaged = bytes
            var replacement = UInt8.random(in: 0 ... 255, using: &random)
            if replacement == damaged[position] { replacement ^= 1 }
            damaged[position] = replacement
            let decoded = BulletinIndex.decode(damaged)
            #expect(decoded == nil || decoded == index, "byte \(position)")
        }
        let lines = bytes.split(separator: LineScanner.newline, omittingEmptySubsequences: false)
        for dropped in 1 ..< lines.count - 1 {
            var kept = lines
            kept.remove(at: dropped)
            #expect(BulletinIndex.decode(Array(kept.joined(separator: [LineScanner.newline]))) == nil, "line \(dropped)")
        }
    }

    @Test func datesComeFromTheNearestHeadingAbove() {
        var index = BulletinIndex()
        index.days = [.init(date: CivilDate(year: 2026, month: 11, day: 20), offset: 100),
                      .init(date: CivilDate(year: 2026, month: 11, day: 21), offset: 500)]
        #expect(index.date(at: 0) == CivilDate(year: 2026, month: 11, day: 20))  // above every heading: the first
        #expect(index.date(at: 100) == CivilDate(year: 2026, month: 11, day: 20))
        #expect(index.date(at: 499) == CivilDate(year: 2026, month: 11, day: 20))
        #expect(index.date(at: 500) == CivilDate(year: 2026, month: 11, day: 21))
        #expect(index.date(at: 9999) == CivilDate(year: 2026, month: 11, day: 21))
        #expect(BulletinIndex().date(at: 5) == nil)
    }
}

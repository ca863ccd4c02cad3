import CoordTestSupport
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The bulletin index is parsed byte by byte; it must read back what it writes
/// and refuse anything else (a refused index is rebuilt from the bulletin).
@Suite struct BulletinIndexDecodingTests {
    @Test func readsBackWhatItWrites() {
        var index = BulletinIndex()
        index.covered = 76_697_421
        index.days = (0 ..< 500).map { BulletinIndex.Day(date: CivilDate(daysSinceEpoch: 20_000 + Int64($0)), offset: Int64($0) * 150_000) }
        index.marksFrom = 275
        #expect(BulletinIndex.decode(index.encoded()) == index)
    }

    @Test(arguments: [
        "covered 1\n",  // header not fixed-width
        "covered 0000000000000000000x\n",
        "covered 00000000000000000010\nday 2026-02-30 5\n",  // no such day
        "covered 00000000000000000010\nday 2026-11-21\n",
        "covered 00000000000000000010\nhand 3 9\n",  // an index from before marks: rebuilt
        "covered 00000000000000000010\nnight 2026-11-21 5\n",
        "covered 00000000000000000010\nday 2026-11-21 99999999999999999999\n",  // overflows
    ])
    func refusesAnythingElse(_ text: String) {
        #expect(BulletinIndex.decode(Array(text.utf8)) == nil)
    }
}

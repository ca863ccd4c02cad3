import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

/// The text commands print, rendered by the library beside each concept.
@Suite struct CommandTextTests {
    let now = TestTime.at("2026-11-21T12:00:00Z")

    func entry(_ day: String, _ minute: Int, _ agent: String, _ message: String) -> BulletinEntry {
        BulletinEntry(date: CivilDate(day)!, time: ClockTime(hour: 11, minute: minute), agent: agent,
                      message: message, offset: 0, line: nil, byHand: false)
    }

    @Test func aBulletinListingHeadsEachDayOnceAcrossBatches() {
        var listing = BulletinListing()
        #expect(listing.text([]) == nil)
        #expect(listing.text([entry("2026-11-20", 5, "ann", "one\ntwo")])
            == "## 2026-11-20\n- [11:05] ann: one\\ntwo")
        #expect(listing.text([entry("2026-11-20", 6, "ben", "three"), entry("2026-11-21", 7, "ann", "four")])
            == "- [11:06] ben: three\n## 2026-11-21\n- [11:07] ann: four")

        var coloured = BulletinListing(style: TextStyle(colour: true))
        #expect(coloured.text([entry("2026-11-21", 7, "ann", "four")])
            == "\u{1B}[1m## 2026-11-21\u{1B}[0m\n- \u{1B}[2m[11:07]\u{1B}[0m \u{1B}[36mann\u{1B}[0m: four")
    }

    @Test func theStatusLayoutTakesTheTerminalWidthAndColoursOnlyWhenAsked() {
        #expect(StatusLayout(columns: nil, style: .plain).width == StatusLayout.defaultWidth)
        #expect(StatusLayout(columns: 20, style: .plain).width == StatusLayout.minimumWidth)
        #expect(StatusLayout(columns: 132, style: .plain).width == 132)
        let plain = StatusLayout(columns: 80, style: .plain)
        let colour = StatusLayout(columns: 80, style: TextStyle(colour: true))
        #expect(plain.style("Locks", .heading) == "Locks")
        #expect(colour.style("Locks", .heading) == "\u{1B}[1mLocks\u{1B}[0m")
        #expect(colour.style("stale", .alert) == "\u{1B}[31mstale\u{1B}[0m")
        #expect(colour.style("12m", .dim) == "\u{1B}[2m12m\u{1B}[0m")
        #expect(colour.style("ann", .name) == "\u{1B}[36mann\u{1B}[0m")
        let report = StatusReport.build(from: BoardSnapshot(now: now, goal: "Ship"), bulletin: [], observer: nil, zone: .utc,
                                        staleAfter: 7200)
        #expect(plain.text(report) == plain.render(report).joined(separator: "\n"))
    }

    @Test func aMemoryGraphImportSaysWhatItImportedAndWhatItSkipped() {
        var report = MemoryGraphImportReport(source: "memory.jsonl")
        report.workersCreated = ["api"]
        report.workersUpdated = ["web"]
        report.observations = 4
        report.entities = 1
        report.relations = 2
        #expect(report.text == "Imported 4 observation(s) on 2 worker(s) (1 new), 1 other entity and 2 relation(s).")
        #expect(report.skippedText == nil)
        report.duplicates = 3
        report.entities = 2
        report.skipped = [InvalidLine(path: "memory.jsonl", line: 7, reason: "not an entity or a relation", text: "{}")]
        #expect(report.text == "Imported 4 observation(s) on 2 worker(s) (1 new), 2 other entities and 2 relation(s).\n"
            + "Skipped 3 observation(s) the workers already had.")
        #expect(report.skippedText == "coord: skipped 1 bad line(s) in memory.jsonl:\n  line 7: not an entity or a relation")
    }

    @Test func aSettingReadsAsOneLine() {
        #expect(SettingKey.lockTTL.assignment("45m") == "locks.ttl = 45m")
        #expect(SettingKey.lockTTL.defaultAssignment == "locks.ttl = \(BoardSettings().text(of: .lockTTL)) (default)")
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `.state/bulletin.idx` is a cache: whatever happens to it or to the
/// bulletin, reads give the same answers as a fresh scan.
@Suite struct BulletinIndexTests {
    let agent = try! AgentName("indexer")

    /// Posts one entry on each of three days.
    func postThreeDays(_ board: TemporaryBoard) throws {
        for (day, message) in [("2026-11-19", "tuesday"), ("2026-11-20", "wednesday"), ("2026-11-21", "thursday")] {
            board.clock = .fixed(TestTime.at("\(day)T10:00:00Z"))
            try Bulletin(try board.workspace()).post(message, as: agent)
        }
    }

    func dated(_ board: TemporaryBoard) throws -> [String] {
        try Bulletin(try board.workspace()).read(BulletinQuery(limit: nil)).map { "\($0.date) \($0.message)" }
    }

    @Test func theIndexIsRebuiltWhenTheBulletinIsReplacedByAShorterOne() throws {
        let board = try TemporaryBoard()
        try postThreeDays(board)
        // A git checkout swaps in an older, shorter bulletin.
        try board.workspace().board.replace("BULLETIN.md", with: Array("## 2026-10-01\n\n- [08:00] old: from october\n".utf8))
        #expect(try dated(board) == ["2026-10-01 from october"])
        try Bulletin(try board.workspace()).post("after the checkout", as: agent)
        #expect(try dated(board) == ["2026-10-01 from october", "2026-11-21 after the checkout"])
    }

    @Test func theIndexIsRebuiltWhenTheBulletinIsReplacedByALongerOne() throws {
        let board = try TemporaryBoard()
        try postThreeDays(board)
        // Same size or longer, but the headings are elsewhere.
        var text = "# Bulletin\n\n"
        for day in 1 ... 9 { text += "## 2026-09-0\(day)\n\n- [12:00] merged: september \(day)\n\n" }
        try board.workspace().board.replace("BULLETIN.md", with: Array(text.utf8))
        #expect(try dated(board) == (1 ... 9).map { "2026-09-0\($0) september \($0)" })
        // The by-hand marks of the old file do not leak into the new one.
        #expect(try Bulletin(try board.workspace()).read(BulletinQuery()).allSatisfy { !$0.byHand })
    }

    @Test func aDeletedOrDamagedIndexGivesTheSameAnswers() throws {
        let board = try TemporaryBoard()
        try postThreeDays(board)
        var expected = try dated(board)
        #expect(expected == ["2026-11-19 tuesday", "2026-11-20 wednesday", "2026-11-21 thursday"])
        let state = try #require(try board.workspace().board.subdirectory(".state", create: false))
        #expect(state.remove("bulletin.idx"))
        #expect(try dated(board) == expected)
        for damage in ["", "garbage\n", "covered 12\n", "covered 00000000000000000010\nday 2026-99-99 5\n",
                       "covered 99999999999999999999\n"] {
            try state.replace("bulletin.idx", with: Array(damage.utf8))
            #expect(try dated(board) == expected, "\(damage)")
            board.clock = .fixed(TestTime.at("2026-11-21T11:00:00Z"))
            try Bulletin(try board.workspace()).post("still one heading", as: agent)
            expected.append("2026-11-21 still one heading")
            #expect(try dated(board) == expected, "\(damage)")
            let headings = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("## ") }
            #expect(headings == ["## 2026-11-19", "## 2026-11-20", "## 2026-11-21"], "\(damage)")
        }
    }

    @Test func sinceAndDateReadFromTheEndAcrossDays() throws {
        let board = try TemporaryBoard()
        try postThreeDays(board)
        board.clock = .fixed(TestTime.at("2026-11-21T12:00:00Z"))
        let bulletin = Bulletin(try board.workspace())
        #expect(try bulletin.read(BulletinQuery(since: TestTime.at("2026-11-20T00:00:00Z"))).map(\.message) == ["wednesday", "thursday"])
        #expect(try bulletin.read(BulletinQuery(date: CivilDate("2026-11-20"))).map(\.message) == ["wednesday"])
        #expect(try bulletin.read(BulletinQuery(date: CivilDate("2026-11-18"))).isEmpty)
        #expect(try bulletin.read(BulletinQuery(limit: 2)).map(\.message) == ["wednesday", "thursday"])
    }
}

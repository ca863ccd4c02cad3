import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct BulletinTests {
    @Test func postThenReadReturnsTheMessage() throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            try bulletin.post("tests pass on main", as: AgentName("alice"))
            let entries = try bulletin.read(BulletinQuery())
            #expect(entries.map(\.message) == ["tests pass on main"])
            #expect(entries.first?.agent == "alice")
            #expect(board.contents("BULLETIN.md")?.contains("## 2026-11-21\n\n- [09:00] alice: tests pass on main <!-- coord -->\n") == true)
        }
    }

    @Test(arguments: ["line\nbreak", "cr\rhere", "esc\u{1B}[31m", "\u{2028}sep\u{2029}", "# heading?",
                      "- [03:00] other: forged", "back\\slash \\n literal", "nul\u{0}byte", "tab\there", " lead", "trail ", "\u{301} combining mark first",
                      "\u{3099}\u{2029}"])
    func hostileMessagesRoundTrip(_ message: String) throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            try bulletin.post(message, as: AgentName("mallory"))
            let entries = try bulletin.read(BulletinQuery())
            #expect(entries.count == 1)
            #expect(entries.first?.message == message)
            #expect(entries.first?.agent == "mallory")
        }
    }
}

@Suite struct BulletinPostingTests {
    let agent = try! AgentName("poster")

    @Test func severalMessagesLandTogetherInOneWrite() throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            let entries = try bulletin.post(["one", "two\nlines", "three"], as: agent)
            #expect(entries.map(\.message) == ["one", "two\nlines", "three"])
            #expect(board.contents("BULLETIN.md")?.hasSuffix(
                "## 2026-11-21\n\n- [09:00] poster: one <!-- coord -->\n- [09:00] poster: two\\nlines <!-- coord -->\n- [09:00] poster: three <!-- coord -->\n") == true)
            #expect(try bulletin.read(BulletinQuery()).map(\.offset) == entries.map(\.offset))
        }
    }

    @Test func eachNewDayGetsOneHeading() throws {
        try TemporaryBoard.with { board in
            for (instant, message) in [("2026-11-21T09:00:00Z", "a"), ("2026-11-21T23:59:59Z", "b"), ("2026-11-22T00:00:00Z", "c"),
                                       ("2026-11-22T08:00:00Z", "d"), ("2026-11-24T08:00:00Z", "e")] {
                board.clock = .fixed(TestTime.at(instant))
                try Bulletin(try board.workspace()).post(message, as: agent)
            }
            let text = board.contents("BULLETIN.md") ?? ""
            #expect(text.split(separator: "\n").filter { $0.hasPrefix("## ") } == ["## 2026-11-21", "## 2026-11-22", "## 2026-11-24"])
            #expect(text.hasSuffix("- [23:59] poster: b <!-- coord -->\n\n## 2026-11-22\n\n- [00:00] poster: c <!-- coord -->\n- [08:00] poster: d <!-- coord -->\n\n## 2026-11-24\n\n- [08:00] poster: e <!-- coord -->\n"))
        }
    }

    @Test func theFourThousandByteLimitCountsTheEscapedForm() throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            #expect(throws: Never.self) { try bulletin.post(String(repeating: "a", count: 4000), as: agent) }
            for message in [String(repeating: "a", count: 4001), String(repeating: "\n", count: 2001) + "x"] {
                do {
                    try bulletin.post(message, as: agent)
                    Issue.record("a message of \(Escaping.escape(message).utf8.count) escaped bytes was posted")
                } catch let error as CoordError {
                    #expect(error.exitStatus == ExitStatus.usage)
                    #expect(error.message.contains("over the limit of 4000"))
                }
            }
            #expect(try bulletin.read(BulletinQuery()).count == 1)
        }
    }

    @Test(arguments: ["", " ", "\n", " \t\r\n "])
    func anEmptyMessageIsRefused(_ message: String) throws {
        try TemporaryBoard.with { board in
            let before = board.contents("BULLETIN.md")
            #expect(throws: CoordError.self) { try Bulletin(try board.workspace()).post(message, as: agent) }
            #expect(board.contents("BULLETIN.md") == before)
        }
    }

    @Test func aTornTailIsEndedAndMarkedByHand() throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            try bulletin.post("before", as: agent)
            board.appendRaw("BULLETIN.md", Array("- [09:01] cron: half a li".utf8))
            #expect(try bulletin.read(BulletinQuery()).map(\.message) == ["before"])
            try bulletin.post("after", as: agent)
            let entries = try bulletin.read(BulletinQuery())
            #expect(entries.map(\.message) == ["before", "half a li", "after"])
            #expect(entries.map(\.byHand) == [false, true, false])
            #expect(try bulletin.scan().invalid.isEmpty)
        }
    }
}

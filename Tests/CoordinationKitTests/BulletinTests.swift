import CoordinationKit
import CoordTestSupport
import Testing

@Suite struct BulletinTests {
    @Test func postThenReadReturnsTheMessage() throws {
        try TemporaryBoard.with { board in
            let bulletin = Bulletin(try board.workspace())
            try bulletin.post("tests pass on main", as: AgentName("alice"))
            let entries = try bulletin.read(BulletinQuery())
            #expect(entries.map(\.message) == ["tests pass on main"])
            #expect(entries.first?.agent == "alice")
            #expect(board.contents("BULLETIN.md")?.contains("## 2026-11-21\n\n- [09:00] alice: tests pass on main\n") == true)
        }
    }

    @Test(arguments: ["line\nbreak", "cr\rhere", "esc\u{1B}[31m", "\u{2028}sep\u{2029}", "# heading?",
                      "- [03:00] other: forged", "back\\slash \\n literal", "nul\u{0}byte", "tab\there", " lead", "trail "])
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

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `Tests/Fixtures/sample-format-1/` is `.coordination-sample/` exactly as the
/// coord before bulletin format 2 wrote it (no mark at the end of coord's lines,
/// a format-1 preamble). It must read as the same board written in format 2
/// does, and writing to it must leave its lines as they were.
@Suite struct SampleFormatOneTests {
    static let now = ["COORD_NOW": "2026-11-20T19:30:00+01:00", "COORD_AGENT": "lead"]

    private func copy(_ relative: String) throws -> TemporaryBoard {
        let scratch = try TemporaryBoard(initialise: false)
        let copy = try Subprocess.run(["/bin/cp", "-R", SampleBoardTests.repositoryRoot + "/" + relative, scratch.boardPath])
        #expect(copy.status == 0, "\(copy.standardError)")
        return scratch
    }

    @Test func theFixtureIsFormatOne() throws {
        let old = try copy("Tests/Fixtures/sample-format-1")
        let bulletin = try #require(old.contents("BULLETIN.md"))
        #expect(bulletin.contains("<!-- coord bulletin, format 1."))
        #expect(!bulletin.contains("<!-- coord -->"), "format 1 has no mark on coord's lines")
        #expect(bulletin.split(separator: "\n").filter { $0.hasPrefix("- [") }.count >= 30)
    }

    /// The fixture's bulletin as coord writes format 2: the preamble says so and
    /// every entry carries coord's mark. Nothing else changes.
    private func inFormatTwo() throws -> TemporaryBoard {
        let board = try copy("Tests/Fixtures/sample-format-1")
        let old = String(decoding: try #require(FileBytes.read(board.path("BULLETIN.md"))), as: UTF8.self)
        let lines = old.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("<!-- coord bulletin, format 1.") { return String(line.replacing("format 1.", with: "format 2.")) }
            return line.hasPrefix("- [") ? line + " <!-- coord -->" : String(line)
        }
        FileBytes.write(board.path("BULLETIN.md"), Array(lines.joined(separator: "\n").utf8))
        return board
    }

    @Test(arguments: [
        ["read", "--json", "--limit", "0"],
        ["read", "--date", "2026-11-20", "--limit", "0"],
        ["status", "--json"],
        ["status"],
        ["locks", "--json"],
        ["decisions", "--json"],
        ["workers", "--json"],
        ["tasks", "--json"],
        ["doctor", "--json"],
        ["synthesize", "--json", "--date", "2026-11-20"],
    ])
    func theOldBoardReadsLikeItsFormatTwoTwin(_ arguments: [String]) throws {
        let old = try copy("Tests/Fixtures/sample-format-1")
        let twin = try inFormatTwo()
        let before = try #require(FileBytes.read(old.path("BULLETIN.md")))
        let fromOld = try CoordBinary.run(arguments, in: old.root, environment: Self.now)
        let fromTwin = try CoordBinary.run(arguments, in: twin.root, environment: Self.now)
        #expect(fromOld.status == 0, "\(fromOld.standardError)")
        #expect(fromOld.status == fromTwin.status)
        #expect(fromOld.standardError == fromTwin.standardError)
        // doctor names its board's folder; everything else is about the board's content.
        #expect(fromOld.standardOutput.replacing(old.boardPath, with: twin.boardPath) == fromTwin.standardOutput)
        #expect(fromOld.standardOutput.count > 40, "\(fromOld.standardOutput)")
        #expect(FileBytes.read(old.path("BULLETIN.md")) == before, "a read command left the old bulletin as it was")
    }

    @Test func aPostOnTheOldBoardAppendsAMarkedLineAndKeepsEveryOldByte() throws {
        let old = try copy("Tests/Fixtures/sample-format-1")
        let before = try #require(FileBytes.read(old.path("BULLETIN.md")))
        let post = try CoordBinary.run(["post", "after the upgrade"], in: old.root, environment: Self.now)
        #expect(post.status == 0, "\(post.standardError)")
        let after = try #require(FileBytes.read(old.path("BULLETIN.md")))
        #expect(Array(after.prefix(before.count)) == before)
        let added = String(decoding: after.dropFirst(before.count), as: UTF8.self)
        #expect(added == "- [19:30] lead: after the upgrade <!-- coord -->\n")
        FileBytes.append(old.path("BULLETIN.md"), Array("- [19:31] cron: appended by hand\n".utf8))

        let read = try CoordBinary.run(["read", "--json", "--limit", "0"], in: old.root, environment: Self.now)
        let entries = try JSONLines.objects(read.standardOutput)
        #expect(entries.suffix(2).map { $0.string("message") } == ["after the upgrade", "appended by hand"])
        // Lines from before coord marked its own are not judged; from the first mark on, an unmarked line is by hand.
        #expect(entries.filter { $0.bool("by_hand") == true }.map { $0.string("agent") } == ["cron"])
        let doctor = try CoordBinary.run(["doctor"], in: old.root, environment: Self.now)
        #expect(doctor.status == 0, "\(doctor.standardOutput)")
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `Tests/Fixtures/sample-format-1/` is `.coordination-sample/` exactly as the
/// coord before bulletin format 2 wrote it (no mark at the end of coord's lines,
/// a format-1 preamble). The same day on the current sample must read the same,
/// and writing to the old board must leave its lines as they were.
@Suite struct SampleFormatOneTests {
    static let now = ["COORD_NOW": "2026-11-20T19:30:00+01:00", "COORD_AGENT": "lead"]

    static func withoutByHand(_ text: String) -> String {
        text.replacing(#/"by_hand" ?: ?[a-z0-9]+,? ?\n? */#, with: "")
    }

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

    @Test(arguments: [
        ["read", "--json", "--limit", "0"],
        ["status", "--json"],
        ["locks", "--json"],
        ["decisions", "--json"],
        ["workers", "--json"],
        ["tasks", "--json"],
        ["doctor", "--json"],
        ["synthesize", "--json", "--date", "2026-11-20"],
    ])
    func theOldBoardReadsLikeTheCurrentSample(_ arguments: [String]) throws {
        let old = try copy("Tests/Fixtures/sample-format-1")
        let current = try copy(".coordination-sample")
        let before = try #require(FileBytes.read(old.path("BULLETIN.md")))
        let fromOld = try CoordBinary.run(arguments, in: old.root, environment: Self.now)
        let fromCurrent = try CoordBinary.run(arguments, in: current.root, environment: Self.now)
        #expect(fromOld.status == 0, "\(fromOld.standardError)")
        #expect(fromOld.status == fromCurrent.status)
        #expect(fromOld.standardError == fromCurrent.standardError)
        // doctor names its board's folder. The one difference in content: a format-1
        // bulletin cannot tell coord's lines from hand-appended ones (it has no mark),
        // so none of its lines counts as by hand, while the current sample has one.
        let oldOutput = Self.withoutByHand(fromOld.standardOutput.replacing(old.boardPath, with: current.boardPath))
        #expect(oldOutput == Self.withoutByHand(fromCurrent.standardOutput))
        #expect(!fromOld.standardOutput.isEmpty)
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

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `.coordination-sample/` is what coord writes: reading it back must work.
@Suite struct SampleBoardTests {
    /// The repository root, from this file's path (Tests/CoordEndToEndTests/…).
    static var repositoryRoot: String {
        var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }

    @Test func theSampleBoardReadsBackAndIsHealthy() throws {
        // Work on a copy: reading builds a local index, which the sample must not gain.
        let scratch = try TemporaryBoard(initialise: false)
        let copy = try Subprocess.run(["/bin/cp", "-R", Self.repositoryRoot + "/.coordination-sample", scratch.boardPath])
        #expect(copy.status == 0, "\(copy.standardError)")

        let read = try CoordBinary.run(["read", "--json", "--limit", "0", "--date", "2026-11-20"], in: scratch.root)
        #expect(read.status == 0, "\(read.standardError)")
        let entries = try JSONLines.objects(read.standardOutput)
        let opening = entries.prefix(4).map { "\($0.string("time") ?? "?") \($0.string("agent") ?? "?")" }
        #expect(opening == ["2026-11-20T07:05:00.000Z main-session", "2026-11-20T07:12:00.000Z dream-cycle",
                            "2026-11-20T07:30:00.000Z nightly", "2026-11-20T07:41:00.000Z gastown-polecat"])
        #expect(entries.first { $0.string("agent") == "nightly" }?.string("message") == "backup done (412 MB)")

        let doctor = try CoordBinary.run(["doctor"], in: scratch.root)
        #expect(doctor.status == 0, "\(doctor.standardOutput)")
        #expect(doctor.standardOutput.contains("times in Europe/Berlin"))
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `.coordination-sample/synthesis/` holds the report the tool makes for the
/// sample day: regenerating the sample board must reproduce it byte for byte.
@Suite struct SampleSynthesisTests {
    @Test func theCommittedSampleReportIsCurrent() throws {
        let root = GoldenFile.fixtures + "/../.."
        let committed = FileBytes.read(root + "/.coordination-sample/synthesis/2026-11-20.md")
        #expect(committed != nil, "the sample board has no synthesis; run Examples/make-sample-board.sh")
        let check = try Subprocess.run([root + "/Examples/make-sample-board.sh", "--check"],
                                       environment: ["COORD": CoordBinary.path])
        #expect(check.status == 0, "\(check.standardOutput)\(check.standardError)")
        #expect(check.standardOutput.contains("sample board: current"))
    }
}

import CoordTestSupport
import Testing

/// The folders of each library target point one way: `scripts/folder-cycles.py`
/// fails when a folder uses a folder that uses it back. The package graph keeps
/// the targets apart; this keeps the folders inside them apart.
@Suite struct LayeringTests {
    @Test(arguments: ["Sources/CoordStorage", "Sources/CoordinationKit"])
    func noFolderCycles(_ target: String) throws {
        let root = SampleBoardTests.repositoryRoot
        let result = try Subprocess.run(["/usr/bin/env", "python3", root + "/scripts/folder-cycles.py", root + "/" + target])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("no cycles; lowest first:"), "\(result.standardOutput)")
    }
}

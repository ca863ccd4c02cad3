import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord status` through the built binary.
@Suite struct StatusEndToEndTests {
    /// The bundled sample board, copied so that reading it leaves the original
    /// untouched (readers may write caches in `.state/`).
    func sampleBoard() throws -> TemporaryBoard {
        let scratch = try TemporaryBoard(initialise: false)
        let sample = GoldenFile.fixtures + "/../../.coordination-sample"
        let copy = try Subprocess.run(["/bin/cp", "-a", sample, scratch.root + "/.coordination"])
        #expect(copy.status == 0, "\(copy.standardError)")
        return scratch
    }

    /// Golden output for the sample board at 18:05 on its day (re-record with COORD_RECORD_GOLDEN=1).
    @Test(arguments: [["status"], ["status", "--json"]])
    func theSampleBoardMatchesItsGoldenStatus(_ arguments: [String]) throws {
        let board = try sampleBoard()
        let result = try CoordBinary.run(arguments + ["-C", board.root + "/.coordination"], in: board.root,
                                         environment: ["COORD_NOW": "2026-11-20T18:05:00+01:00", "NO_COLOR": "1"])
        #expect(result.status == 0, "\(result.standardError)")
        let name = arguments.contains("--json") ? "status/sample-board.json" : "status/sample-board.txt"
        let mismatch = GoldenFile.mismatch(result.standardOutput, name: name)
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test func aBoardWithoutWorkersOrLocksStillShowsEverySection() throws {
        try TemporaryBoard.with { board in
            let result = try CoordBinary.run(["status"], in: board.root, environment: ["COORD_NOW": "2026-11-21T09:00:00Z"])
            #expect(result.status == 0)
            #expect(result.standardOutput.hasPrefix("No goal recorded · no workers · 2026-11-21 09:00 UTC\n"))
        }
    }

    @Test func twentyWorkersFitOnOneScreen() throws {
        try TemporaryBoard.with { board in
            let domains = (1 ... 20).map { "domain-\($0)" }.joined(separator: ",")
            let env = ["COORD_AGENT": "lead", "COORD_NOW": "2026-11-21T09:00:00Z"]
            let launch = try CoordBinary.run(["launch", "--domains", domains, "--goal", "Big push"], in: board.root, environment: env)
            #expect(launch.status == 0, "\(launch.standardError)")
            for n in 1 ... 6 {
                try CoordBinary.run(["worker", "update", "--blocker", "waiting on domain-\(n + 6)"], in: board.root,
                                    environment: ["COORD_AGENT": "worker-\(n)-domain-\(n)", "COORD_NOW": "2026-11-21T09:10:00Z"])
            }
            for n in 1 ... 8 {
                try CoordBinary.run(["post", "progress note \(n)"], in: board.root, environment: env)
            }
            let result = try CoordBinary.run(["status"], in: board.root, environment: ["COORD_NOW": "2026-11-21T12:00:00Z"])
            let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= 40, "\(lines.count) lines:\n\(result.standardOutput)")
            #expect(lines.first == "Goal: Big push · 0/20 workers complete · 2026-11-21 12:00 UTC")
            #expect(lines.filter { $0.contains(" blocked ") }.count == 6)
            #expect(lines.filter { $0.contains("STALE") }.count == 14)
        }
    }
}

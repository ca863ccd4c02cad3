import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// `coord observe` through the built binary, on scripted boards.
@Suite struct ObserverEndToEndTests {
    static func at(_ time: String, agent: String = "tester") -> [String: String] {
        ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T\(time):00Z"]
    }

    func observe(_ board: TemporaryBoard, at time: String, _ extra: [String] = []) throws -> [String: JSONValue] {
        let result = try CoordBinary.run(["observe", "--json"] + extra, in: board.root, environment: Self.at(time))
        #expect(result.status == 0, "\(result.standardError)")
        return try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
    }

    func summaries(_ document: [String: JSONValue], _ field: String) -> [String] {
        guard case .array(let items)? = document[field] else { return [] }
        return items.compactMap { item in
            if case .object(let fields) = item { return fields["summary"]?.stringValue }
            return nil
        }
    }

    @Test func theCursorIsKeptAcrossPasses() throws {
        try TemporaryBoard.with { board in
            try CoordBinary.run(["post", "history before the first pass"], in: board.root, environment: Self.at("09:00", agent: "old"))
            let first = try observe(board, at: "09:05")
            #expect(first["first_pass"] == .bool(true))
            #expect(summaries(first, "events").isEmpty, "history is not replayed as news")

            try CoordBinary.run(["post", "one"], in: board.root, environment: Self.at("09:10", agent: "alice"))
            try CoordBinary.run(["post", "two"], in: board.root, environment: Self.at("09:11", agent: "alice"))
            try CoordBinary.run(["post", "three"], in: board.root, environment: Self.at("09:12", agent: "bob"))
            let second = try observe(board, at: "09:15")
            #expect(second["pass"] == .integer(2))
            #expect(second["previous_pass"] == .string("2026-11-21T09:05:00.000Z"))
            #expect(summaries(second, "events") == ["3 new bulletin entries: alice 2, bob 1"])

            let third = try observe(board, at: "09:20")
            #expect(summaries(third, "events").isEmpty, "nothing new since the second pass")

            let cursor = try #require(board.contents("observer/cursor.json"))
            #expect(cursor.contains("\"passes\" : 3"))
            // Only passes that found something are logged.
            let log = try #require(board.contents("observer/log.jsonl"))
            #expect(log.split(separator: "\n").count == 1)
            #expect(log.contains("\"pass\":2"))
        }
    }

    @Test func theObserversOwnLinesAreNotNews() throws {
        try TemporaryBoard.with { board in
            _ = try observe(board, at: "09:00")
            try CoordBinary.run(["post", "a line as the observer"], in: board.root, environment: Self.at("09:01", agent: "observer"))
            #expect(summaries(try observe(board, at: "09:02"), "events").isEmpty)
            try CoordBinary.run(["post", "x"], in: board.root, environment: Self.at("09:03", agent: "night"))
            let custom = try observe(board, at: "09:04", ["--as", "night"])
            #expect(summaries(custom, "events").isEmpty, "--as names the observer whose lines are skipped")
        }
    }

    @Test func aRewrittenBulletinRestartsTheCursorNearTheEnd() throws {
        try TemporaryBoard.with { board in
            for n in 0 ..< 5 {
                try CoordBinary.run(["post", "line \(n)"], in: board.root, environment: Self.at("09:0\(n)", agent: "a"))
            }
            _ = try observe(board, at: "09:10")
            // Someone replaces the bulletin with a shorter one.
            FileBytes.write(board.path("BULLETIN.md"), Array("## 2026-11-21\n\n- [09:20] b: fresh start\n".utf8))
            let pass = try observe(board, at: "09:30")
            #expect(pass["bulletin_restarted"] == .bool(true))
            #expect(summaries(pass, "events") == ["1 new bulletin entry: b 1"])
        }
    }

    @Test func badThresholdsAreUsageErrors() throws {
        try TemporaryBoard.with { board in
            let stale = try CoordBinary.run(["observe", "--stale-after", "soon"], in: board.root)
            #expect(stale.status == ExitStatus.usage)
            #expect(stale.standardError.contains("--stale-after"))
            let interval = try CoordBinary.run(["observe", "--interval", "5m"], in: board.root)
            #expect(interval.status == ExitStatus.usage)
            #expect(interval.standardError.contains("--watch"))
        }
    }

    @Test func aWatchLoopIsDrivenByBoardChangesAndStoppedBySignals() throws {
        for signal in [SIGTERM, SIGINT] {
            try TemporaryBoard.with { board in
                // A long interval: only board changes can wake it within the test.
                let watcher = try CoordBinary.start(["observe", "--watch", "--interval", "1h", "--json"], in: board.root,
                                                    environment: Self.at("10:00"))
                #expect(Eventually.wait { watcher.outputSoFar.split(separator: "\n").count >= 1 }, "first pass")
                try CoordBinary.run(["post", "something happened"], in: board.root, environment: Self.at("10:01", agent: "alice"))
                #expect(Eventually.wait { watcher.outputSoFar.contains("1 new bulletin entry: alice 1") }, "woken by the change")
                watcher.signal(signal)
                let result = watcher.wait()
                #expect(result.status == 0, "stops cleanly on signal \(signal): \(result.standardError)")
                #expect(result.signal == nil)
                let passes = result.standardOutput.split(separator: "\n")
                // One pass at the start and at least one for the change (a slow machine may
                // split the writes of one post into two wake-ups); the entry is news once.
                #expect(passes.count >= 2, "\(result.standardOutput)")
                #expect(passes.filter { $0.contains("1 new bulletin entry: alice 1") }.count == 1)
                for pass in passes {
                    let document = try BoardJSON.decode([String: JSONValue].self, from: Array(pass.utf8))
                    #expect(document["version"] == .integer(Int64(JSONView.version)))
                }
            }
        }
    }
}

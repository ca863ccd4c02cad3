import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// A temporary board and the built binary, with agents and times by name.
struct LockScene {
    let board: TemporaryBoard

    init() throws { board = try TemporaryBoard() }

    var root: String { board.root }

    static func environment(_ agent: String, at time: String) -> [String: String] {
        ["COORD_AGENT": agent, "COORD_NOW": "2026-11-21T\(time)Z"]
    }

    /// Runs `coord ARGS` as `agent` with the clock pinned at `time` (HH:MM:SS, UTC).
    @discardableResult
    func coord(_ arguments: [String], as agent: String, at time: String = "09:00:00") throws -> ProcessResult {
        try CoordBinary.run(arguments, in: root, environment: Self.environment(agent, at: time))
    }

    func start(_ arguments: [String], as agent: String, at time: String = "09:00:00") throws -> RunningProcess {
        try CoordBinary.start(arguments, in: root, environment: Self.environment(agent, at: time))
    }

    /// The records of `locks.jsonl`.
    func journal() throws -> [[String: JSONValue]] {
        let text = board.contents("locks.jsonl") ?? ""
        return try text.split(separator: "\n").map { try BoardJSON.decode([String: JSONValue].self, from: Array($0.utf8)) }
    }

    func records(_ event: String) throws -> [[String: JSONValue]] {
        try journal().filter { $0["event"]?.stringValue == event }
    }

    /// `coord locks --json` as seen at `time`: path → holder.
    func live(at time: String = "09:00:00") throws -> [String: String] {
        let result = try coord(["locks", "--json"], as: "observer", at: time)
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        guard case .array(let locks) = document["locks"] else { return [:] }
        var held: [String: String] = [:]
        for case .object(let lock) in locks {
            held[lock["path"]?.stringValue ?? ""] = lock["holder"]?.stringValue
        }
        return held
    }

    func file(_ name: String) -> String? {
        FileBytes.read(root + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Waits until `condition` holds, checking every 10 ms for at most 20 s.
    /// Synchronises on a state another process reaches, never on elapsed time.
    func waitUntil(_ what: String, _ condition: () -> Bool) throws {
        for _ in 0 ..< 2000 {
            if condition() { return }
            usleep(10_000)
        }
        throw TimedOut(what: what)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting until \(what)" }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord config` through the built binary: the file it writes, the refusals,
/// and the commands that take their defaults from it.
@Suite struct ConfigEndToEndTests {
    @Test func setGetListAndUnsetRoundTrip() throws {
        let scene = try LockScene()
        let set = try scene.coord(["config", "set", "locks.ttl", "45m"], as: "lead")
        #expect(set.status == 0, "\(set.standardError)")
        #expect(set.standardOutput == "locks.ttl = 45m\n")
        let stored = try BoardJSON.decode([String: JSONValue].self, from: Array((scene.board.contents("config.json") ?? "").utf8))
        #expect(stored == ["version": .integer(1), "locks.ttl": .string("45m")])
        #expect(try scene.coord(["config", "get", "locks.ttl"], as: "lead").standardOutput == "45m\n")
        #expect(try scene.coord(["config", "get", "locks.grace"], as: "lead").standardOutput == "30s\n")

        let list = try scene.coord(["config", "list", "--json"], as: "lead")
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(list.standardOutput.utf8))
        guard case .array(let settings) = document["settings"] else {
            Issue.record("no settings in \(list.standardOutput)")
            return
        }
        #expect(settings.count == SettingKey.allCases.count)
        guard case .object(let ttl) = settings.first else { return }
        #expect(ttl["key"] == .string("locks.ttl") && ttl["value"] == .string("45m") && ttl["set"] == .bool(true))
        #expect(ttl["default"] == .string("2h"))
        #expect(try scene.coord(["config", "list"], as: "lead").standardOutput.contains("locks.grace         = 30s (default)"))

        let unset = try scene.coord(["config", "unset", "locks.ttl"], as: "lead")
        #expect(unset.standardOutput == "locks.ttl = 2h (default)\n")
        #expect(try scene.coord(["config", "get", "locks.ttl"], as: "lead").standardOutput == "2h\n")
    }

    @Test(arguments: [
        (["locks.ttl", "8d"], "coord: locks.ttl must be between 1s and 7d, not 8d.\n"),
        (["locks.ttl", "soon"], "coord: locks.ttl takes a duration such as 2h, not 'soon'.\n"),
        (["locks.grace", "2h"], "coord: locks.grace must be between 0s and 1h, not 2h.\n"),
        (["hooks.pre-edit", "maybe"], "coord: hooks.pre-edit takes one of deny, ask, warn, not 'maybe'.\n"),
        (["hooks.pre-commit", "deny"], "coord: hooks.pre-commit takes one of block, warn, not 'deny'.\n"),
        (
            ["lock.ttl", "1h"],
            "coord: There is no setting 'lock.ttl'; the settings are locks.ttl, locks.grace, workers.stale-after, hooks.pre-edit, hooks.pre-commit, bulletin.mentions.\n"
        ),
    ])
    func badValuesAreRefusedAndTheFileIsLeftAsItWas(arguments: [String], message: String) throws {
        let scene = try LockScene()
        #expect(try scene.coord(["config", "set", "workers.stale-after", "30m"], as: "lead").status == 0)
        let before = scene.board.contents("config.json")
        let refused = try scene.coord(["config", "set"] + arguments, as: "lead")
        #expect(refused.status == ExitStatus.usage)
        #expect(refused.standardError == message)
        #expect(scene.board.contents("config.json") == before)
    }

    @Test func lockTakesItsDefaultTimeToLiveAndGraceFromTheConfig() throws {
        let scene = try LockScene()
        #expect(try scene.coord(["config", "set", "locks.ttl", "45m"], as: "lead").status == 0)
        #expect(try scene.coord(["config", "set", "locks.grace", "0s"], as: "lead").status == 0)
        let lock = try scene.coord(["lock", "src/", "--intent", "refactor"], as: "alice")
        #expect(lock.standardOutput == "locked src (token 1) until 09:45 (45m)\n")
        // No grace: the path is free the moment the lease ends.
        #expect(try scene.coord(["lock", "src/a.swift", "--intent", "fix"], as: "bob", at: "09:44:59").status == ExitStatus.conflict)
        #expect(try scene.coord(["lock", "src/a.swift", "--intent", "fix"], as: "bob", at: "09:45:00").status == 0)
    }

    @Test func unknownKeysSurviveARewriteAndANewerVersionIsRefused() throws {
        let scene = try LockScene()
        FileBytes.write(scene.board.path("config.json"), Array(#"{"version":1,"future.key":[1,2]}"#.utf8))
        #expect(try scene.coord(["config", "set", "hooks.pre-edit", "ask"], as: "lead").status == 0)
        let stored = try BoardJSON.decode([String: JSONValue].self, from: Array((scene.board.contents("config.json") ?? "").utf8))
        #expect(stored["future.key"] == .array([.integer(1), .integer(2)]))
        #expect(stored["hooks.pre-edit"] == .string("ask"))

        FileBytes.write(scene.board.path("config.json"), Array(#"{"version":2}"#.utf8))
        let refused = try scene.coord(["lock", "src/", "--intent", "x"], as: "alice")
        #expect(refused.status == ExitStatus.failure)
        #expect(refused.standardError.contains("config.json' uses board format 2, but this coord is supported up to 1"))
        #expect(scene.board.contents("locks.jsonl") ?? "" == "", "nothing was granted on a board it cannot read")
    }

    /// Five processes set five keys at once: the board lock serialises the
    /// read-modify-replace, so no setting is lost.
    @Test func concurrentSetsKeepEverySetting() throws {
        let scene = try LockScene()
        let values = [
            "locks.ttl": "1h", "locks.grace": "10s", "workers.stale-after": "3h", "hooks.pre-edit": "ask",
            "hooks.pre-commit": "warn",
        ]
        let running = try values.map { key, value in try scene.start(["config", "set", key, value], as: "lead") }
        for process in running { #expect(process.wait().status == 0) }
        let stored = try BoardJSON.decode([String: JSONValue].self, from: Array((scene.board.contents("config.json") ?? "").utf8))
        for (key, value) in values { #expect(stored[key] == .string(value), "\(key)") }
    }
}

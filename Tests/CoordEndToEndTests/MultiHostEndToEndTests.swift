import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// One board across hosts through a git remote: real `coord` processes on
/// three workspaces sharing one bare remote over file://. Racers are started
/// together and waited for; nothing sleeps.
@Suite(.serialized) struct MultiHostEndToEndTests {
    /// The clock of round `round`: an hour apart, so each round's one-minute grant has lapsed by the next.
    static func moment(_ round: Int) -> String {
        let day = 21 + round / 24
        let hour = round % 24
        return "2026-11-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z"
    }

    @Test func twoHundredContestedRoundsOnOnePathHaveOneWinnerAndGrowingTokens() throws {
        let scene = try MultiHostScene(hosts: 3)
        var winners: [(round: Int, host: Int, token: Int64)] = []
        for round in 0 ..< 200 {
            let racers = try (0 ..< 3).map { host in
                try scene.start(host, ["lock", "src/shared", "--intent", "round \(round)", "--ttl", "1m", "--quiet", "--json"],
                                as: "host-\(host)", at: Self.moment(round))
            }
            let results = racers.map { $0.wait() }
            let won = results.indices.filter { results[$0].status == 0 }
            #expect(won.count == 1, "round \(round): \(results.map(\.status)) \(results.map(\.standardError))")
            #expect(results.filter { $0.status == ExitStatus.conflict }.count == 2, "round \(round): \(results.map(\.standardError))")
            for host in won {
                let document = try BoardJSON.decode([String: JSONValue].self, from: Array(results[host].standardOutput.utf8))
                guard case .array(let locks) = document["locks"], case .object(let lock) = locks.first,
                      let token = lock["token"]?.integerValue else {
                    Issue.record("round \(round): no token in \(results[host].standardOutput)")
                    continue
                }
                winners.append((round, host, token))
            }
        }
        let tokens = winners.map(\.token)
        #expect(tokens.count == 200)
        #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0 < $1 }, "tokens grow across hosts: \(tokens)")
        #expect(Set(winners.map(\.host)).count > 1, "more than one host won some round")
        // Every host's journal, once synced, holds the same 200 grants in the same order.
        for host in 0 ..< 3 { #expect(try scene.coord(host, ["sync"]).status == 0) }
        let journals = (0 ..< 3).map { scene.contents($0, "locks.jsonl") }
        #expect(journals[0] == journals[1] && journals[1] == journals[2])
        let grants = try scene.records(0, "locks.jsonl").filter { $0["event"]?.stringValue == "acquire" }
        #expect(grants.compactMap { $0["token"]?.integerValue } == tokens)
    }

    @Test func concurrentDecisionsAndTasksAcrossHostsGetUniqueIds() throws {
        let scene = try MultiHostScene(hosts: 3)
        var running: [RunningProcess] = []
        for host in 0 ..< 3 {
            for index in 0 ..< 4 {
                running.append(try scene.start(host, ["decide", "choice \(host)-\(index)", "--context", "c", "--rationale", "r"],
                                               as: "host-\(host)"))
                running.append(try scene.start(host, ["task", "add", "work \(host)-\(index)"], as: "host-\(host)"))
            }
        }
        let results = running.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")
        for host in 0 ..< 3 { #expect(try scene.coord(host, ["sync"]).status == 0) }
        let decisions = try scene.records(0, "decisions.jsonl").filter { $0["event"]?.stringValue == "decided" }
        #expect(Set(decisions.compactMap { $0["adr"]?.stringValue }) == Set((1 ... 12).map { "ADR-" + ($0 < 10 ? "00" : "0") + "\($0)" }))
        #expect(Set(decisions.compactMap { $0["decision"]?.stringValue }).count == 12)
        let tasks = try scene.records(0, "tasks.jsonl").filter { $0["event"]?.stringValue == "add" }
        #expect(tasks.count == 12)
        #expect(Set(tasks.compactMap { $0["task"]?.stringValue }).count == 12, "unique task ids")
        for host in 1 ..< 3 {
            #expect(scene.contents(host, "decisions.jsonl") == scene.contents(0, "decisions.jsonl"))
            #expect(scene.contents(host, "tasks.jsonl") == scene.contents(0, "tasks.jsonl"))
        }
    }

    @Test func racingTaskClaimsAcrossHostsHandEachTaskToOneClaimantWithTokensAboveTheLocks() throws {
        let scene = try MultiHostScene(hosts: 3)
        #expect(try scene.coord(0, ["lock", "src/first", "--intent", "a token before the claims"], as: "alice").status == 0)
        for index in 0 ..< 3 { #expect(try scene.coord(0, ["task", "add", "job \(index)"], as: "alice").status == 0) }
        // Six claimers on three hosts race for three tasks: each task goes to one of them.
        let racers = try (0 ..< 6).map { index in
            try scene.start(index % 3, ["task", "claim", "--next", "--quiet"], as: "claimer-\(index)")
        }
        let results = racers.map { $0.wait() }
        #expect(results.filter { $0.status == 0 }.count == 3, "\(results.map(\.status)) \(results.map(\.standardError))")
        #expect(results.allSatisfy { [0, ExitStatus.conflict, 6].contains($0.status) }, "\(results.map(\.standardError))")
        #expect(try scene.coord(0, ["sync"]).status == 0)
        let claims = try scene.records(0, "tasks.jsonl").filter { $0["event"]?.stringValue == "claim" }
        #expect(Set(claims.compactMap { $0["task"]?.stringValue }).count == 3, "one claim per task")
        let tokens = claims.compactMap { $0["token"]?.integerValue }
        let lockToken = try scene.records(0, "locks.jsonl").compactMap { $0["token"]?.integerValue }.max() ?? 0
        #expect(tokens.count == 3 && Set(tokens).count == 3, "unique claim tokens: \(tokens)")
        #expect(tokens.allSatisfy { $0 > 0 } && lockToken >= 1 && tokens.min()! > 1, "claims share the lock sequence: \(tokens)")
    }

    @Test func everyPostReachesEveryHostOnceWithOneHostOfflineForAWhile() throws {
        let scene = try MultiHostScene(hosts: 3)
        let missing = "file://" + scene.root + "/moved-away.git"
        // Host 2 loses the remote; it keeps posting, and its sync fails with exit 7.
        #expect(try scene.coord(2, ["remote", "set-url", "origin", missing]).status == 0)
        for host in 0 ..< 3 {
            let lines = (0 ..< 45).map { "h\(host)-m\($0)" }.joined(separator: "\n") + "\n"
            #expect(try scene.coord(host, ["post", "--lines"], as: "host-\(host)", input: lines).status == 0)
            for index in 45 ..< 50 { #expect(try scene.coord(host, ["post", "h\(host)-m\(index)"], as: "host-\(host)").status == 0) }
        }
        for host in 0 ..< 2 { #expect(try scene.coord(host, ["sync"]).status == 0) }
        let offline = try scene.coord(2, ["sync"])
        #expect(offline.status == ExitStatus.remoteUnreachable, "\(offline.standardError)")
        for host in 0 ..< 3 {
            let lines = (50 ..< 95).map { "h\(host)-m\($0)" }.joined(separator: "\n") + "\n"
            #expect(try scene.coord(host, ["post", "--lines"], as: "host-\(host)", input: lines).status == 0)
            for index in 95 ..< 100 { #expect(try scene.coord(host, ["post", "h\(host)-m\(index)"], as: "host-\(host)").status == 0) }
        }
        for host in 0 ..< 2 { #expect(try scene.coord(host, ["sync"]).status == 0) }
        #expect(try scene.coord(2, ["remote", "set-url", "origin", scene.url]).status == 0)
        // Two passes: the first carries host 2's lines out, the second brings them to hosts 0 and 1.
        for _ in 0 ..< 2 { for host in 0 ..< 3 { #expect(try scene.coord(host, ["sync"]).status == 0) } }
        let expected = (0 ..< 3).flatMap { host in (0 ..< 100).map { "h\(host)-m\($0)" } }
        for host in 0 ..< 3 {
            let read = try scene.coord(host, ["read", "--json", "--limit", "1000"])
            let messages = try JSONLines.objects(read.standardOutput).compactMap { $0.string("message") }
                .filter { $0.hasPrefix("h") && $0.contains("-m") }
            #expect(messages.count == 300, "host \(host) has \(messages.count) posts")
            let lacking = Set(expected).subtracting(messages)
            #expect(lacking.isEmpty, "host \(host) lacks \(lacking.sorted().prefix(10))")
        }
        // A further sync changes nothing.
        let before = scene.contents(0, "BULLETIN.md")
        #expect(try scene.coord(0, ["sync"]).status == 0)
        #expect(scene.contents(0, "BULLETIN.md") == before)
    }

    /// A sync that stopped between appending other hosts' lines and saving its
    /// cursors, either side of the append: the next sync neither repeats nor loses a line.
    @Test func aSyncInterruptedAroundItsAppendNeitherRepeatsNorLosesALine() throws {
        let scene = try MultiHostScene(hosts: 2)
        #expect(try scene.coord(1, ["sync"]).status == 0)
        for appended in [true, false] {
            let tag = appended ? "after" : "before"
            #expect(try scene.coord(0, ["post", "--lines"], as: "alice", input: "\(tag)-1\n\(tag)-2\n").status == 0)
            #expect(try scene.coord(0, ["sync"]).status == 0)
            let bulletin = scene.hosts[1] + "/.coordination/BULLETIN.md"
            let cursors = scene.hosts[1] + "/.coordination/remote/cursors.json"
            let oldCursors = scene.contents(1, "remote/cursors.json")
            let before = scene.contents(1, "BULLETIN.md")
            #expect(try scene.coord(1, ["sync"]).status == 0)
            let after = scene.contents(1, "BULLETIN.md")
            #expect(after.count(of: "alice: \(tag)-1") == 1)
            // What the interrupted sync had written: the pending record, and the old cursors.
            struct Pending: Encodable {
                var version = 1
                var before: Int
                var text: String
                var cursors: JSONValue
            }
            let newCursors = try BoardJSON.decode(JSONValue.self, from: Array(scene.contents(1, "remote/cursors.json").utf8))
            let pending = Pending(before: before.utf8.count, text: String(after.dropFirst(before.count)), cursors: newCursors)
            try FileBytes.write(scene.hosts[1] + "/.coordination/remote/import-pending.json", BoardJSON.line(pending))
            FileBytes.write(cursors, Array(oldCursors.utf8))
            if !appended { FileBytes.write(bulletin, Array(before.utf8)) }
            #expect(try scene.coord(1, ["sync"]).status == 0)
            let final = scene.contents(1, "BULLETIN.md")
            #expect(final.count(of: "alice: \(tag)-1") == 1, "interrupted \(tag) the append: \(final)")
            #expect(final.count(of: "alice: \(tag)-2") == 1)
            #expect(scene.contents(1, "remote/import-pending.json").isEmpty)
        }
    }

    @Test func anOfflineHostRefusesToLockWithExitSeven() throws {
        let scene = try MultiHostScene(hosts: 2)
        #expect(try scene.coord(0, ["remote", "set-url", "origin", "file://" + scene.root + "/nowhere.git"]).status == 0)
        let journal = scene.contents(0, "locks.jsonl")
        let refused = try scene.coord(0, ["lock", "src/a", "--intent", "offline"], as: "alice")
        #expect(refused.status == ExitStatus.remoteUnreachable)
        #expect(refused.standardError.contains("could not be reached"), "\(refused.standardError)")
        #expect(refused.standardError.split(separator: "\n").count == 1, "one sentence")
        #expect(scene.contents(0, "locks.jsonl") == journal, "nothing granted locally")
        let claim = try scene.coord(0, ["task", "add", "offline work"], as: "alice")
        #expect(claim.status == ExitStatus.remoteUnreachable)
        // Back online, the other host's grant in the meantime is seen.
        #expect(try scene.coord(1, ["lock", "src/a", "--intent", "online"], as: "bob").status == 0)
        #expect(try scene.coord(0, ["remote", "set-url", "origin", scene.url]).status == 0)
        let after = try scene.coord(0, ["lock", "src/a", "--intent", "back"], as: "alice")
        #expect(after.status == ExitStatus.conflict, "\(after.standardError)")
        #expect(after.standardError.contains("bob"))
    }

    @Test func aBoardWithItsOwnGrantsCannotJoinARemoteThatHasAHistory() throws {
        let scene = try MultiHostScene(hosts: 1)
        #expect(try scene.coord(0, ["lock", "src/a", "--intent", "on the remote"], as: "alice").status == 0)
        let loner = scene.root + "/loner"
        #expect(mkdir(loner, 0o755) == 0)
        #expect(try CoordBinary.run(["init"], in: loner).status == 0)
        let env = MultiHostScene.environment("bob")
        #expect(try CoordBinary.run(["lock", "src/a", "--intent", "local"], in: loner, environment: env).status == 0)
        let refused = try CoordBinary.run(["remote", "add", "origin", scene.url], in: loner, environment: env)
        #expect(refused.status == ExitStatus.refused, "\(refused.standardError)")
        #expect(refused.standardError.contains("cannot join"))
        let list = try CoordBinary.run(["remote", "list"], in: loner, environment: env)
        #expect(list.standardOutput.contains("No remote"), "the board stays local")
        // One remote per board.
        let second = try scene.coord(0, ["remote", "add", "backup", scene.url])
        #expect(second.status == ExitStatus.refused)
        #expect(second.standardError.contains("supports one remote"))
    }

    /// The same exclusivity over git:// (a `git daemon` on loopback).
    @Test func contestedLocksOverGitDaemonHaveOneWinner() throws {
        let scene = try MultiHostScene(hosts: 0)
        let port = 20_000 + Int(getpid() % 20_000)
        // The daemon itself, not the `git` wrapper, so that one signal ends it; SIGKILL, because a
        // child started here inherits this test process's blocked signals.
        let execPath = try Subprocess.run(["/usr/bin/git", "--exec-path"]).standardOutput.split(separator: "\n")[0]
        let daemon = try Subprocess.start([execPath + "/git-daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)",
                                           "--base-path=" + scene.root, "--export-all", "--enable=receive-pack", scene.root])
        defer { daemon.signal(SIGKILL); _ = daemon.wait() }
        let url = "git://127.0.0.1:\(port)/remote.git"
        #expect(Waiting.until {
            (try? Subprocess.run(["/usr/bin/git", "ls-remote", url], directory: scene.root))?.status == 0
        }, "git daemon answers")
        let hosts = try (0 ..< 3).map { index in
            let host = scene.root + "/daemon-host-\(index)"
            #expect(mkdir(host, 0o755) == 0)
            #expect(try CoordBinary.run(["init"], in: host).status == 0)
            let added = try CoordBinary.run(["remote", "add", "origin", url], in: host)
            #expect(added.status == 0, "\(added.standardError)")
            return host
        }
        var tokens: [Int64] = []
        for round in 0 ..< 10 {
            let racers = try hosts.enumerated().map { index, host in
                try CoordBinary.start(["lock", "src/shared", "--intent", "round \(round)", "--ttl", "1m", "--quiet"], in: host,
                                      environment: MultiHostScene.environment("host-\(index)", at: Self.moment(round)))
            }
            let results = racers.map { $0.wait() }
            #expect(results.filter { $0.status == 0 }.count == 1, "round \(round): \(results.map(\.standardError))")
            #expect(results.filter { $0.status == ExitStatus.conflict }.count == 2)
        }
        #expect(try CoordBinary.run(["sync"], in: hosts[0]).status == 0)
        tokens = try JSONLines.objects(FileBytes.read(hosts[0] + "/.coordination/locks.jsonl").map { String(decoding: $0, as: UTF8.self) } ?? "")
            .filter { $0["event"]?.stringValue == "acquire" }.compactMap { $0["token"]?.integerValue }
        #expect(tokens == Array(1 ... 10))
    }

    @Test func doctorNamesAUnionMergedExclusiveHistory() throws {
        let scene = try MultiHostScene(hosts: 2)
        #expect(try scene.coord(0, ["lock", "src/a", "--intent", "first"], as: "alice").status == 0)
        #expect(try scene.coord(0, ["doctor"]).status == 0)
        // What a union merge would make: a second history granting src/a to mallory,
        // merged with both sides kept, written to the remote's ref (a fast-forward).
        let remote = scene.remotePath
        let tip = try scene.git(["rev-parse", "refs/coord/exclusive"], gitDirectory: remote).standardOutput
            .split(separator: "\n")[0]
        let parent = try scene.git(["rev-parse", "\(tip)^"], gitDirectory: remote).standardOutput.split(separator: "\n")[0]
        let mallory = #"{"at":"2026-11-21T09:00:00.000Z","event":"acquire","expires":"2026-11-21T11:00:00.000Z","holder":"mallory","id":"00000000000000f1","intent":"mine","path":"src/a","token":1,"ttl":7200,"v":1}"#
        // The history's first commit holds no lock journal yet.
        let theirs = try scene.git(["cat-file", "-p", "\(parent)^{tree}"], gitDirectory: remote).standardOutput.isEmpty
            ? "" : try scene.git(["show", "\(parent):locks.jsonl"], gitDirectory: remote).standardOutput
        let ours = try scene.git(["show", "\(tip):locks.jsonl"], gitDirectory: remote).standardOutput
        func tree(_ locks: String) throws -> String {
            let blob = try scene.git(["hash-object", "-w", "--stdin"], gitDirectory: remote, input: locks).standardOutput
            return try scene.git(["mktree"], gitDirectory: remote, input: "100644 blob \(blob.split(separator: "\n")[0])\tlocks.jsonl\n")
                .standardOutput.split(separator: "\n").map(String.init)[0]
        }
        let side = try scene.git(["commit-tree", try tree(theirs + mallory + "\n"), "-p", String(parent), "-m", "side"],
                                 gitDirectory: remote).standardOutput.split(separator: "\n")[0]
        let merged = try scene.git(["commit-tree", try tree(ours + mallory + "\n"), "-p", String(tip), "-p", String(side),
                                    "-m", "union"], gitDirectory: remote).standardOutput.split(separator: "\n")[0]
        try scene.git(["update-ref", "refs/coord/exclusive", String(merged), String(tip)], gitDirectory: remote)
        #expect(try scene.coord(1, ["sync"]).status == 0)
        let doctor = try scene.coord(1, ["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.standardOutput.contains("merges 2 histories"), "\(doctor.standardOutput)")
        #expect(doctor.standardOutput.contains("does not extend its parent"), "\(doctor.standardOutput)")
    }
}

extension String {
    /// How many times `needle` occurs.
    func count(of needle: String) -> Int { ranges(of: needle).count }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// Messages across hosts: ids are decided on the remote (`message-ids.jsonl`),
/// so concurrent sends on three hosts never share one; `coord sync` carries
/// every inbox line (messages, keyed repeats, receipts) to every host exactly
/// once; a host that cannot reach the remote refuses to send (exit 7).
@Suite(.serialized) struct MultiHostMessageTests {
    /// `agent`'s messages on `host` (`coord inbox --all --json`).
    static func inbox(_ scene: MultiHostScene, _ host: Int, _ agent: String) throws -> [[String: JSONValue]] {
        let result = try scene.coord(host, ["inbox", "--all", "--json"], as: agent)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try JSONLines.objects(result.standardOutput.split(separator: "\n").joined())
        guard case .array(let messages)? = document.first?["messages"] else { return [] }
        return messages.compactMap { if case .object(let fields) = $0 { fields } else { nil } }
    }

    /// Two passes of `coord sync` on every host: the first carries every host's lines out, the second brings them in.
    static func syncEverywhere(_ scene: MultiHostScene) throws {
        for _ in 0 ..< 2 {
            for host in 0 ..< scene.hosts.count {
                let synced = try scene.coord(host, ["sync"])
                #expect(synced.status == 0, "host \(host): \(synced.standardError)")
            }
        }
    }

    @Test func concurrentSendsOnThreeHostsGetUniqueIdsAndReachEveryHostOnce() throws {
        let scene = try MultiHostScene(hosts: 3)
        var running: [RunningProcess] = []
        for host in 0 ..< 3 {
            for index in 0 ..< 4 {
                running.append(try scene.start(host, ["send", "r1", "r2", "from h\(host) #\(index)"], as: "s\(host)"))
            }
        }
        let results = running.map { $0.wait() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.standardError))")

        // 12 sends to two recipients: 24 ids, each taken once on the remote, by the host that sent it.
        #expect(try scene.coord(0, ["sync"]).status == 0)
        let taken = try scene.records(0, "message-ids.jsonl")
        #expect(taken.count == 24)
        #expect(Set(taken.compactMap { $0["id"]?.stringValue }) == Set((1 ... 24).map { "M-\($0)" }))
        #expect(Set(taken.compactMap { $0["host"]?.stringValue }).count == 3)

        try Self.syncEverywhere(scene)
        var reference: [String: Set<String>] = [:]
        for host in 0 ..< 3 {
            for recipient in ["r1", "r2"] {
                let messages = try Self.inbox(scene, host, recipient)
                let ids = messages.compactMap { $0["id"]?.stringValue }
                #expect(ids.count == 12 && Set(ids).count == 12, "host \(host), \(recipient): \(ids)")
                let texts = messages.compactMap { $0["text"]?.stringValue }
                for sender in 0 ..< 3 {
                    for index in 0 ..< 4 {
                        #expect(texts.filter { $0 == "from h\(sender) #\(index)" }.count == 1,
                                "host \(host), \(recipient): from h\(sender) #\(index)")
                    }
                }
                #expect(messages.allSatisfy { $0["status"]?.stringValue == "unread" && $0["count"]?.integerValue == 1 })
                let pairs = Set(zip(ids, texts).map { $0 + "=" + $1 })
                if host == 0 { reference[recipient] = pairs } else { #expect(pairs == reference[recipient], "host \(host), \(recipient)") }
            }
            #expect(scene.contents(host, "message-ids.jsonl") == scene.contents(0, "message-ids.jsonl"))
        }
        // r1 and r2 got different ids for one send, and no id names two messages across the inboxes.
        #expect(reference["r1"]!.isDisjoint(with: reference["r2"]!))

        // A further sync changes nothing.
        let before = ["r1", "r2"].map { scene.contents(1, "inbox/\($0).jsonl") }
        #expect(try scene.coord(1, ["sync"]).status == 0)
        #expect(["r1", "r2"].map { scene.contents(1, "inbox/\($0).jsonl") } == before)
    }

    @Test func aKeyedRepeatAndReceiptsMadeOnOneHostAreSeenOnTheOthers() throws {
        let scene = try MultiHostScene(hosts: 3)
        let sent = try scene.coord(0, ["send", "bob", "disk at 91%", "--key", "disk"], as: "alice")
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("M-1"), "\(sent.standardOutput)")
        try Self.syncEverywhere(scene)

        // Host 1 sees M-1 unread, so the same key folds into it.
        let repeated = try scene.coord(1, ["send", "bob", "disk at 91%", "--key", "disk"], as: "alice")
        #expect(repeated.status == 0, "\(repeated.standardError)")
        #expect(repeated.standardOutput.contains("M-1"), "\(repeated.standardOutput)")
        // A second message, so a receipt on one host covers one of two.
        #expect(try scene.coord(1, ["send", "bob", "build is green"], as: "carol").status == 0)
        try Self.syncEverywhere(scene)
        for host in 0 ..< 3 {
            let messages = try Self.inbox(scene, host, "bob")
            #expect(messages.compactMap { $0["id"]?.stringValue } == ["M-1", "M-2"], "host \(host)")
            #expect(messages.first?["count"]?.integerValue == 2, "host \(host): \(messages)")
        }

        // Host 0 folded bob's inbox into its cache when it sent with a key; the imports extend the journal past it.
        #expect(!scene.contents(0, ".state/inbox/bob.idx").isEmpty)
        let acked = try scene.coord(2, ["inbox", "ack", "M-1"], as: "bob")
        #expect(acked.status == 0, "\(acked.standardError)")
        let done = try scene.coord(1, ["inbox", "done", "M-2", "--note", "seen the build"], as: "bob")
        #expect(done.status == 0, "\(done.standardError)")
        try Self.syncEverywhere(scene)
        for host in 0 ..< 3 {
            let messages = try Self.inbox(scene, host, "bob")
            let status = Dictionary(uniqueKeysWithValues: messages.map { ($0["id"]?.stringValue ?? "", $0["status"]?.stringValue ?? "") })
            #expect(status == ["M-1": "read", "M-2": "done"], "host \(host): \(messages)")
            #expect(messages.last?["note"]?.stringValue == "seen the build")
            let unread = try scene.coord(host, ["inbox", "--unread", "--json"], as: "bob")
            #expect(unread.status == 0 && !unread.standardOutput.contains("\"M-"), "host \(host): \(unread.standardOutput)")
            // Each line exactly once: one message line per id, one repeat, one read, one done.
            let lines = try scene.records(host, "inbox/bob.jsonl")
            #expect(lines.map { $0["event"]?.stringValue ?? "" }.sorted() == ["done", "message", "message", "read", "repeated"],
                    "host \(host): \(lines)")
        }
    }

    @Test func anOfflineHostRefusesToSendWithExitSevenAndTakesNoId() throws {
        let scene = try MultiHostScene(hosts: 2)
        #expect(try scene.coord(1, ["send", "bob", "first"], as: "alice").status == 0)
        #expect(try scene.coord(0, ["remote", "set-url", "origin", "file://" + scene.root + "/nowhere.git"]).status == 0)
        let refused = try scene.coord(0, ["send", "bob", "while offline"], as: "alice")
        #expect(refused.status == ExitStatus.remoteUnreachable, "\(refused.standardError)")
        #expect(refused.standardError.contains("could not be reached"), "\(refused.standardError)")
        #expect(scene.contents(0, "inbox/bob.jsonl").isEmpty)
        #expect(!scene.contents(0, "inbox/last-id").contains("1"))

        #expect(try scene.coord(0, ["remote", "set-url", "origin", scene.url]).status == 0)
        let sent = try scene.coord(0, ["send", "bob", "back online"], as: "alice")
        #expect(sent.status == 0, "\(sent.standardError)")
        #expect(sent.standardOutput.contains("M-2"), "the remote's next id, not a local M-1: \(sent.standardOutput)")
        try Self.syncEverywhere(scene)
        for host in 0 ..< 2 {
            // Each host lists its inbox in its own arrival order.
            let texts = Dictionary(uniqueKeysWithValues: try Self.inbox(scene, host, "bob").map {
                ($0["id"]?.stringValue ?? "", $0["text"]?.stringValue ?? "")
            })
            #expect(texts == ["M-1": "first", "M-2": "back online"], "host \(host)")
        }
        #expect(try scene.coord(0, ["doctor"]).status == 0)
    }

    @Test func messagesSentBeforeTheRemoteKeepTheirIdsAndABoardWithItsOwnCannotJoin() throws {
        let scene = try MultiHostScene(hosts: 0)
        func board(_ name: String) throws -> String {
            let path = scene.root + "/" + name
            #expect(mkdir(path, 0o755) == 0)
            #expect(try CoordBinary.run(["init"], in: path).status == 0)
            return path
        }
        func coord(_ path: String, _ arguments: [String], as agent: String = "alice") throws -> ProcessResult {
            try CoordBinary.run(arguments, in: path, environment: MultiHostScene.environment(agent))
        }
        // A local board sends three messages, then starts the remote's history: its ids stay taken.
        let first = try board("first")
        for index in 1 ... 3 { #expect(try coord(first, ["send", "bob", "local \(index)"]).status == 0) }
        let seeded = try coord(first, ["remote", "add", "origin", scene.url])
        #expect(seeded.status == 0, "\(seeded.standardError)")
        let joiner = try board("joiner")
        #expect(try coord(joiner, ["remote", "add", "origin", scene.url]).status == 0)
        let sent = try coord(joiner, ["send", "bob", "from the joiner"])
        #expect(sent.standardOutput.contains("M-4"), "\(sent.standardOutput) \(sent.standardError)")
        for _ in 0 ..< 2 { for path in [first, joiner] { #expect(try coord(path, ["sync"]).status == 0) } }
        for path in [first, joiner] {
            let listed = try coord(path, ["inbox", "--all", "--json"], as: "bob")
            let document = try JSONLines.objects(listed.standardOutput.split(separator: "\n").joined())
            guard case .array(let messages)? = document.first?["messages"] else { Issue.record("no messages"); continue }
            let ids = messages.compactMap { if case .object(let fields) = $0 { fields["id"]?.stringValue } else { nil } }
            #expect(ids.sorted() == ["M-1", "M-2", "M-3", "M-4"], "\(path)")
        }

        // A board that sent messages of its own cannot join: its ids would collide.
        let loner = try board("loner")
        #expect(try coord(loner, ["send", "bob", "a loner's message"]).status == 0)
        let refused = try coord(loner, ["remote", "add", "origin", scene.url])
        #expect(refused.status == ExitStatus.refused, "\(refused.standardError)")
        #expect(refused.standardError.contains("message ids up to M-1"), "\(refused.standardError)")
        #expect(try coord(loner, ["remote", "list"]).standardOutput.contains("No remote"))

        // The first board removes the remote and adds it back: its ids are the remote's, so it resumes.
        #expect(try coord(first, ["remote", "remove", "origin"]).status == 0)
        let resumed = try coord(first, ["remote", "add", "origin", scene.url])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(try coord(first, ["send", "bob", "after resuming"]).standardOutput.contains("M-5"))
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// Worker journals across hosts: each host's worker records reach every host
/// through `coord sync`, each exactly once, including records written while a
/// host could not reach the remote and records two hosts wrote to one journal.
@Suite(.serialized) struct MultiHostJournalTests {
    static let domains = ["alpha", "beta", "gamma"]

    /// A scene with worker `domains[h]` launched on host `h` and synced everywhere.
    static func scene() throws -> MultiHostScene {
        let scene = try MultiHostScene(hosts: 3)
        for host in 0 ..< 3 {
            let launched = try scene.coord(host, ["launch", "--domains", domains[host], "--goal", "goal \(host)"], as: "lead")
            #expect(launched.status == 0, "\(launched.standardError)")
        }
        return scene
    }

    static func update(_ scene: MultiHostScene, _ host: Int, _ notes: Range<Int>) throws {
        for index in notes {
            let result = try scene.coord(host, ["worker", "update", "--note", "h\(host)-n\(index)"], as: "worker-1-\(domains[host])")
            #expect(result.status == 0, "\(result.standardError)")
        }
    }

    /// The ids of `domain`'s journal on `host`, in file order.
    static func ids(_ scene: MultiHostScene, _ host: Int, _ domain: String) throws -> [String] {
        try scene.records(host, "workers/\(domain).jsonl").compactMap { $0["id"]?.stringValue }
    }

    @Test func everyWorkerRecordReachesEveryHostOnceWithOneHostOfflineForAWhile() throws {
        let scene = try Self.scene()
        for host in 0 ..< 3 { try Self.update(scene, host, 0 ..< 4) }
        for _ in 0 ..< 2 { for host in 0 ..< 3 { #expect(try scene.coord(host, ["sync"]).status == 0) } }

        // Host 2 loses the remote and keeps recording; the others go on too.
        #expect(try scene.coord(2, ["remote", "set-url", "origin", "file://" + scene.root + "/moved-away.git"]).status == 0)
        for host in 0 ..< 3 { try Self.update(scene, host, 4 ..< 8) }
        // A handoff from host 0's worker to host 1's: host 0 writes into beta's journal, which host 1 writes too.
        let handoff = try scene.coord(0, ["worker", "handoff", "--to", "beta", "--note", "h0-handoff"], as: "worker-1-alpha")
        #expect(handoff.status == 0, "\(handoff.standardError)")
        for host in 0 ..< 2 { #expect(try scene.coord(host, ["sync"]).status == 0) }
        #expect(try scene.coord(2, ["sync"]).status == ExitStatus.remoteUnreachable)
        try Self.update(scene, 1, 8 ..< 10)
        try Self.update(scene, 2, 8 ..< 10)
        #expect(try scene.coord(2, ["remote", "set-url", "origin", scene.url]).status == 0)
        // Two passes: the first carries every host's records out, the second brings them in.
        for _ in 0 ..< 2 { for host in 0 ..< 3 { #expect(try scene.coord(host, ["sync"]).status == 0) } }

        let expected = [0: 8, 1: 10, 2: 10]
        for host in 0 ..< 3 {
            for (writer, domain) in Self.domains.enumerated() {
                let journal = scene.contents(host, "workers/\(domain).jsonl")
                for index in 0 ..< expected[writer]! {
                    #expect(journal.count(of: "\"h\(writer)-n\(index)\"") == 1, "host \(host), \(domain): h\(writer)-n\(index)")
                }
                let ids = try Self.ids(scene, host, domain)
                #expect(Set(ids).count == ids.count, "host \(host), \(domain): a repeated id")
            }
            #expect(scene.contents(host, "workers/alpha.jsonl").count(of: "h0-handoff") == 1)
            #expect(scene.contents(host, "workers/beta.jsonl").count(of: "h0-handoff") == 1, "the received record")
        }
        // Every host holds the same records (in its own arrival order), and the views read them.
        for domain in Self.domains {
            let reference = Set(try Self.ids(scene, 0, domain))
            for host in 1 ..< 3 { #expect(Set(try Self.ids(scene, host, domain)) == reference, "\(domain) on host \(host)") }
        }
        let shown = try scene.coord(1, ["worker", "show", "gamma"])
        #expect(shown.status == 0 && shown.standardOutput.contains("h2-n9"), "\(shown.standardOutput)")
        // A further sync changes nothing.
        let before = Self.domains.map { scene.contents(0, "workers/\($0).jsonl") }
        #expect(try scene.coord(0, ["sync"]).status == 0)
        #expect(Self.domains.map { scene.contents(0, "workers/\($0).jsonl") } == before)
    }

    /// A sync that stopped inside its import (nothing, half or all of the
    /// records written, cursors not saved) or inside its export (outbox written,
    /// cursors not saved): the next sync neither repeats nor loses a record.
    @Test func aSyncInterruptedInsideItsJournalExchangeNeitherRepeatsNorLosesARecord() throws {
        let scene = try Self.scene()
        #expect(try scene.coord(1, ["sync"]).status == 0)
        for (round, written) in ["none", "half", "all"].enumerated() {
            try Self.update(scene, 0, round * 2 ..< round * 2 + 2)
            #expect(try scene.coord(0, ["sync"]).status == 0)
            let journal = scene.hosts[1] + "/.coordination/workers/alpha.jsonl"
            let oldCursors = scene.contents(1, "remote/journal-cursors.json")
            let before = scene.contents(1, "workers/alpha.jsonl")
            #expect(try scene.coord(1, ["sync"]).status == 0)
            let after = scene.contents(1, "workers/alpha.jsonl")
            let text = String(after.dropFirst(before.count))
            #expect(text.count(of: "\"h0-n\(round * 2)\"") == 1)
            struct Append: Encodable { var file: String; var before: Int; var text: String }
            struct Pending: Encodable {
                var version = 1
                var appends: [Append]
                var cursors: JSONValue
            }
            let newCursors = try BoardJSON.decode(JSONValue.self, from: Array(scene.contents(1, "remote/journal-cursors.json").utf8))
            let pending = Pending(appends: [Append(file: "workers/alpha.jsonl", before: before.utf8.count, text: text)],
                                  cursors: newCursors)
            try FileBytes.write(scene.hosts[1] + "/.coordination/remote/journals-pending.json", BoardJSON.line(pending))
            FileBytes.write(scene.hosts[1] + "/.coordination/remote/journal-cursors.json", Array(oldCursors.utf8))
            switch written {
            case "none": FileBytes.write(journal, Array(before.utf8))
            case "half": FileBytes.write(journal, Array(before.utf8) + Array(text.utf8).prefix(text.utf8.count / 2))
            default: break
            }
            #expect(try scene.coord(1, ["sync"]).status == 0)
            let final = scene.contents(1, "workers/alpha.jsonl")
            for index in 0 ..< round * 2 + 2 {
                #expect(final.count(of: "\"h0-n\(index)\"") == 1, "interrupted with \(written) written: \(final)")
            }
            #expect(try JSONLines.objects(final).count == final.count(of: "\n"), "whole records only")
            #expect(scene.contents(1, "remote/journals-pending.json").isEmpty)
        }

        // The export side: host 0's outbox holds records (and a torn line) its saved cursors do not cover.
        let cursorsPath = scene.hosts[0] + "/.coordination/remote/journal-cursors.json"
        let oldCursors = scene.contents(0, "remote/journal-cursors.json")
        try Self.update(scene, 0, 6 ..< 8)
        #expect(try scene.coord(0, ["sync"]).status == 0)
        FileBytes.write(cursorsPath, Array(oldCursors.utf8))
        let outbox = scene.hosts[0] + "/.coordination/remote/journals-outbox.jsonl"
        FileBytes.write(outbox, Array((scene.contents(0, "remote/journals-outbox.jsonl") + "{\"file\":\"workers/al").utf8))
        try Self.update(scene, 0, 8 ..< 9)
        #expect(try scene.coord(0, ["sync"]).status == 0)
        #expect(try scene.coord(1, ["sync"]).status == 0)
        let sent = scene.contents(0, "remote/journals-outbox.jsonl")
        #expect(try JSONLines.objects(sent).count == sent.count(of: "\n"), "the torn line was cut")
        let final = scene.contents(1, "workers/alpha.jsonl")
        for index in 0 ..< 9 {
            #expect(sent.count(of: "h0-n\(index)\\\"") == 1, "outbox: h0-n\(index)")
            #expect(final.count(of: "\"h0-n\(index)\"") == 1, "host 1: h0-n\(index)")
        }
    }
}

@testable import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct MemoryGraphEndToEndTests {
    static let graph = """
        {"type":"entity","name":"Worker Session: research","entityType":"worker_session","observations":["Completed: evaluated three token schemes","Discoveries: rotating refresh tokens need a revocation list","Context: 30%","Handoff to Worker 2:","- Artifacts: docs/research.md","Status: COMPLETE, HANDED OFF"]}
        {"type":"entity","name":"Worker Session: implementation","entityType":"worker_session","observations":["Completed: token endpoint","Blockers: waiting for the revocation table"]}
        {"type":"entity","name":"Token design","entityType":"decision","observations":["Use rotating refresh tokens"],"source":"research"}
        {"type":"relation","from_entity":"Worker Session: research","to_entity":"Token design","relationType":"produced"}
        {"type":"relation","from":"Worker Session: implementation","to":"Token design","relationType":"implements"}
        {"type":"entity","name":
        {"type":"relation","from":"x"}
        """

    @Test func importThenExportGivesTheGraphBack() throws {
        try TemporaryBoard.with { board in
            let env = ["COORD_AGENT": "migrator", "COORD_NOW": "2026-11-20T09:00:00+01:00"]
            FileBytes.write(board.root + "/memory.jsonl", Array(Self.graph.utf8))
            let imported = try CoordBinary.run(["import", "--memory-graph", "memory.jsonl", "--json"], in: board.root, environment: env)
            #expect(imported.status == 0, "\(imported.standardError)")
            let report = try BoardJSON.decode(MemoryGraphImportReport.self, from: Array(imported.standardOutput.utf8))
            #expect(report.workersCreated == ["research", "implementation"])
            #expect(report.observations == 8)
            #expect(report.entities == 1)
            #expect(report.relations == 2)
            #expect(report.skipped.map(\.line) == [6, 7])

            let workers = try CoordBinary.run(["workers"], in: board.root, environment: env)
            #expect(workers.standardOutput.contains("1  research        handed-off"))
            #expect(workers.standardOutput.contains("2  implementation  blocked"))
            #expect(workers.standardOutput.contains("waiting for the revocation table"))

            let exported = try CoordBinary.run(["export", "--memory-graph", "out.jsonl"], in: board.root, environment: env)
            #expect(exported.status == 0, "\(exported.standardError)")
            #expect(exported.standardOutput == "Wrote 3 entities (2 workers) and 2 relations to out.jsonl.\n")
            let back = MemoryGraph.parse(FileBytes.read(board.root + "/out.jsonl") ?? [], path: "out")
            let original = MemoryGraph.parse(Array(Self.graph.utf8), path: "in")
            #expect(back.invalid.isEmpty)
            #expect(back.graph == original.graph)
            let text = String(decoding: FileBytes.read(board.root + "/out.jsonl") ?? [], as: UTF8.self)
            #expect(!text.contains("from_entity"))
            #expect(text.contains(#""source":"research""#))

            // Re-importing the export changes nothing.
            let again = try CoordBinary.run(["import", "--memory-graph", "out.jsonl", "--json"], in: board.root, environment: env)
            let second = try BoardJSON.decode(MemoryGraphImportReport.self, from: Array(again.standardOutput.utf8))
            #expect(second.observations == 0)
            #expect(second.duplicates == 8)
        }
    }

    /// Importing the same graph twice is a true no-op: no bulletin line, no
    /// rewritten file, no new worker record, however many times it is repeated.
    @Test func reimportingTheSameGraphChangesNoFile() throws {
        try TemporaryBoard.with { board in
            let env = ["COORD_AGENT": "migrator", "COORD_NOW": "2026-11-20T09:00:00+01:00"]
            FileBytes.write(board.root + "/memory.jsonl", Array(Self.graph.utf8))
            #expect(try CoordBinary.run(["import", "--memory-graph", "memory.jsonl"], in: board.root, environment: env).status == 0)
            let files = ["BULLETIN.md", MemoryGraphInterchange.storeName, "workers/research.jsonl", "workers/implementation.jsonl"]
            let before = files.map { FileBytes.read(board.path($0)) }
            let inode = { () -> UInt64? in SystemCall.status(ofPath: board.path(MemoryGraphInterchange.storeName))?.inode }
            let storeInode = inode()
            for round in 1 ... 3 {
                let again = try CoordBinary.run(["import", "--memory-graph", "memory.jsonl"], in: board.root,
                                                environment: ["COORD_AGENT": "migrator", "COORD_NOW": "2026-11-20T1\(round):00:00+01:00"])
                #expect(again.status == 0, "\(again.standardError)")
                #expect(files.map { FileBytes.read(board.path($0)) } == before, "round \(round)")
                #expect(inode() == storeInode, "round \(round): the store was rewritten")
            }
        }
    }
}

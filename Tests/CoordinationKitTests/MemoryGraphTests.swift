import CoordTestSupport
import Testing
@testable import CoordStorage
@testable import CoordinationKit

@Suite struct MemoryGraphTests {
    static let sample = """
        {"type":"entity","name":"Worker Session: backend-api","entityType":"worker_session","observations":["Completed: JWT signing","Discoveries: bcrypt cost 12 takes 250 ms","Blockers: need users table","Context: 35%","Files: src/a.swift, src/b.swift","Blockers: none","Status: COMPLETE, HANDED OFF"]}
        {"type":"entity","name":"Auth API","entityType":"component","observations":["JWT, 15 min access tokens"],"color":"blue"}
        not json at all
        {"type":"relation","from_entity":"Worker Session: backend-api","to_entity":"Auth API","relationType":"implements"}
        {"type":"relation","from":"Auth API","to":"Users DB","relationType":"reads"}
        {"type":"widget","name":"x"}

        {"type":"entity","observations":[]}
        {"type":"entity","name":"Worker Session: frontend-ui","entityType":"worker_session","observations":["Completed: login form","Next: protected routes"]}
        """

    @Test func parsesEntitiesRelationsBothSpellingsAndCountsBadLines() {
        let (graph, invalid) = MemoryGraph.parse(Array(Self.sample.utf8), path: "memory.jsonl")
        #expect(graph.entities.map(\.name) == ["Worker Session: backend-api", "Auth API", "Worker Session: frontend-ui"])
        #expect(graph.entities[1].extra["color"] == .string("blue"))
        #expect(graph.relations.map(\.from) == ["Worker Session: backend-api", "Auth API"])
        #expect(graph.relations[0].to == "Auth API")
        #expect(invalid.map(\.line) == [3, 6, 8])
        #expect(invalid.map(\.reason) == ["not a JSON object", "an unknown type 'widget'", "an entity without a name"])
    }

    @Test func writesTheMemoryServersSpelling() throws {
        let (graph, _) = MemoryGraph.parse(Array(Self.sample.utf8), path: "m")
        let text = String(decoding: try graph.encoded(), as: UTF8.self)
        #expect(text.contains(#"{"from":"Worker Session: backend-api","relationType":"implements","to":"Auth API","type":"relation"}"#))
        #expect(!text.contains("from_entity"))
        #expect(text.contains(#""color":"blue""#))
    }

    @Test(arguments: [
        ("Completed: JWT", "completed"), ("Discoveries: x", "discoveries"), ("Impact: y", "impact"),
        ("Blockers: need z", "blockers"), ("Blockers: none", "unblocked"), ("Context: 35%", "context"),
        ("Next: n", "next"), ("Files: a, b", "files"), ("Commits: abc", "commits"), ("Exiting: work done", "notes"),
        ("Context: lots", "notes"), ("plain words", "notes"),
    ])
    func readsTheSeedsObservationFields(_ text: String, _ field: String) {
        guard case .observe(let observation) = MemoryGraphObservations.effect(of: text) else {
            Issue.record("\(text) was not an observation")
            return
        }
        switch field {
        case "completed": #expect(observation.completed == ["JWT"])
        case "discoveries": #expect(observation.discoveries == ["x"])
        case "impact": #expect(observation.impact == ["y"])
        case "blockers": #expect(observation.blockers == ["need z"])
        case "unblocked": #expect(observation.unblocked)
        case "context": #expect(observation.context == 35)
        case "next": #expect(observation.next == ["n"])
        case "files": #expect(observation.files == ["a", "b"])
        case "commits": #expect(observation.commits == ["abc"])
        default: #expect(observation.notes == [text])
        }
    }

    @Test func readsStatusLines() {
        #expect(MemoryGraphObservations.effect(of: "Status: COMPLETE, HANDED OFF") == .status(.handedOff))
        #expect(MemoryGraphObservations.effect(of: "Status: COMPLETE") == .status(.complete))
        #expect(MemoryGraphObservations.effect(of: "Final report: all done") == .report("all done"))
    }

    @Test func importTurnsWorkerSessionsIntoWorkersAndKeepsTheRest() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            let report = try MemoryGraphInterchange(workspace).importGraph(Array(Self.sample.utf8), source: "memory.jsonl",
                                                                          as: AgentName("migrator"))
            #expect(report.workersCreated == ["backend-api", "frontend-ui"])
            #expect(report.observations == 9)
            #expect(report.entities == 1)
            #expect(report.relations == 2)
            #expect(report.skipped.count == 3)
            let workers = Workers(workspace)
            let summaries = try workers.summaries()
            #expect(summaries.map(\.domain.rawValue) == ["backend-api", "frontend-ui"])
            #expect(summaries[0].state == WorkerState(status: .handedOff, blockers: [], context: 35, number: 1,
                                                      agent: "worker-1-backend-api"))
            #expect(summaries[1].state.status == .active)
            let timeline = try workers.timeline(WorkerDomain("backend-api"))
            #expect(timeline.entity.origin == "memory-graph")
            #expect(timeline.records[3].value.blockers == ["need users table"])
            #expect(timeline.records[3].value.state.status == .blocked)
            #expect(board.contents("memory-graph.jsonl")?.contains("Auth API") == true)
            let bulletin = try Bulletin(workspace).read(BulletinQuery())
            #expect(bulletin.count == 1)
            #expect(bulletin[0].message.contains("skipped 3 bad line(s)"))
        }
    }

    @Test func importingTwiceAddsNothingAndExportGivesTheGraphBack() throws {
        try TemporaryBoard.with { board in
            let interchange = MemoryGraphInterchange(try board.workspace())
            let agent = try AgentName("migrator")
            _ = try interchange.importGraph(Array(Self.sample.utf8), source: "m", as: agent)
            let again = try interchange.importGraph(Array(Self.sample.utf8), source: "m", as: agent)
            #expect(again.observations == 0)
            #expect(again.duplicates == 9)
            #expect(again.workersCreated.isEmpty)

            let exported = try interchange.exportGraph()
            let original = MemoryGraph.parse(Array(Self.sample.utf8), path: "m").graph
            #expect(exported.entities.count == original.entities.count)
            for entity in original.entities {
                let back = exported.entities.first { $0.name == entity.name }
                #expect(back?.observations == entity.observations, "\(entity.name)")
                #expect(back?.entityType == entity.entityType)
                #expect(back?.extra == entity.extra)
            }
            #expect(Set(exported.relations) == Set(original.relations))
        }
    }

    @Test func nativeWorkersExportInTheSeedsVocabularyAndReimportAsDuplicates() throws {
        try boardWithWorkers(["backend-api", "frontend-ui"]) { board, workers in
            let agent = try AgentName("worker-1-backend-api")
            let domain = try WorkerDomain("backend-api")
            try workers.update(domain, observation {
                $0.completed = ["JWT"]
                $0.blockers = ["schema"]
                $0.context = 40
                $0.files = ["a", "b"]
            }, as: agent)
            try workers.handoff(from: domain, to: WorkerDomain("frontend-ui"), artifacts: ["docs/api.md"], note: "live", as: agent)
            let interchange = MemoryGraphInterchange(try board.workspace())
            let graph = try interchange.exportGraph()
            let backend = try #require(graph.entities.first { $0.name == "Worker Session: backend-api" })
            #expect(backend.entityType == "worker_session")
            #expect(backend.observations == [
                "Worker 1 (agent worker-1-backend-api); goal: Implement authentication feature",
                "Completed: JWT", "Blockers: schema", "Context: 40%", "Files: a, b",
                "Handoff to Worker Session: frontend-ui: artifacts docs/api.md", "Handoff note: live", "Status: HANDED OFF",
            ])
            let report = try interchange.importGraph(try graph.encoded(), source: "m", as: agent)
            #expect(report.observations == 0)
            #expect(report.entities == 0)
        }
    }
}

/// The fast field decoding and encoding of graph lines give exactly what
/// decoding and encoding `[String: JSONValue]` give, for every shape of value.
@Suite struct GraphLineFieldsTests {
    static func value(_ random: inout SeededRandom, depth: Int) -> JSONValue {
        switch Int.random(in: 0 ... (depth > 1 ? 5 : 7), using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .integer(Int64.random(in: -1_000 ... 1_000, using: &random))
        case 3: return .double(Double(Int.random(in: -99 ... 99, using: &random)) + 0.5)
        case 4, 5: return .string(["", "x", "é\u{2028}\"q\"", "\\n", "Component 7"].randomElement(using: &random)!)
        case 6: return .array((0 ..< Int.random(in: 0 ... 3, using: &random)).map { _ in value(&random, depth: depth + 1) })
        default:
            return .object(Dictionary((0 ..< Int.random(in: 0 ... 3, using: &random)).map { ("k\($0)", value(&random, depth: depth + 1)) },
                                      uniquingKeysWith: { first, _ in first }))
        }
    }

    @Test func decodingAndEncodingMatchTheGenericForm() throws {
        var random = SeededRandom(seed: 2026)
        let names = ["type", "name", "entityType", "observations", "from", "to", "from_entity", "to_entity", "relationType", "other"]
        for _ in 0 ..< 500 {
            var fields: [String: JSONValue] = [:]
            for name in names where Bool.random(using: &random) {
                fields[name] = name == "observations" && Bool.random(using: &random)
                    ? .array((0 ..< Int.random(in: 0 ... 4, using: &random)).map { .string("o\($0)") })
                    : Self.value(&random, depth: 0)
            }
            let bytes = try BoardJSON.line(fields)
            let fast = try BoardJSON.decode(GraphLineFields.self, from: bytes).fields
            #expect(fast == (try BoardJSON.decode([String: JSONValue].self, from: bytes)))
            #expect(try BoardJSON.line(GraphLineFields(fields: fields)) == bytes)
        }
    }
}

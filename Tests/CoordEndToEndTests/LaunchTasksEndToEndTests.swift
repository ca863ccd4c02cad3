import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// `coord launch --tasks FILE` through the built binary: the list seeds the
/// queue, and a list with any bad line is refused before anything is written.
@Suite struct LaunchTasksEndToEndTests {
    let env = ["COORD_AGENT": "lead", "COORD_NOW": "2026-11-20T09:00:00+01:00"]

    func launch(_ board: TemporaryBoard, tasks file: String) throws -> ProcessResult {
        try CoordBinary.run(["launch", "--domains", "api,ui", "--goal", "Search", "--tasks", file], in: board.root, environment: env)
    }

    func write(_ board: TemporaryBoard, _ name: String, _ text: String) {
        FileBytes.append(board.root + "/" + name, Array(text.utf8))
    }

    /// `id title after…` per task of `coord tasks --json`, in id order.
    func queue(_ board: TemporaryBoard) throws -> [String] {
        let result = try CoordBinary.run(["tasks", "--json"], in: board.root, environment: env)
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        guard case .array(let tasks)? = document["tasks"] else { return [] }
        return tasks.compactMap { task -> String? in
            guard case .object(let fields) = task, let id = fields["id"]?.stringValue,
                  let title = fields["title"]?.stringValue else { return nil }
            var after: [String] = []
            if case .array(let list)? = fields["after"] { after = list.compactMap(\.stringValue) }
            return ([id, title] + after).joined(separator: " ")
        }.sorted()
    }

    @Test func aPlainListSeedsOneTaskPerLineSkippingBlanksAndComments() throws {
        try TemporaryBoard.with { board in
            write(board, "tasks.txt", "# the search rollout\nSchema for embeddings\n\n  Search endpoint  \nSearch box\n")
            let result = try launch(board, tasks: "tasks.txt")
            #expect(result.status == 0, "\(result.standardError)")
            #expect(result.standardOutput.contains("Queued 3 tasks (T-001 to T-003)"))
            #expect(try queue(board) == ["T-001 Schema for embeddings", "T-002 Search endpoint", "T-003 Search box"])
        }
    }

    @Test func jsonLinesCarryFieldsAndDependenciesOnEarlierLines() throws {
        try TemporaryBoard.with { board in
            write(board, "tasks.jsonl", """
                {"title": "Schema", "priority": 1, "paths": ["src/db"], "domain": "api"}
                {"title": "Endpoint", "after": ["T-001"], "domain": "api"}
                {"title": "Search box", "after": ["T-002"], "domain": "ui", "tags": ["web"]}

                """)
            let result = try launch(board, tasks: "tasks.jsonl")
            #expect(result.status == 0, "\(result.standardError)")
            #expect(try queue(board) == ["T-001 Schema", "T-002 Endpoint T-001", "T-003 Search box T-002"])
            let ready = try CoordBinary.run(["tasks", "--ready", "--json"], in: board.root, environment: env)
            #expect(ready.standardOutput.contains("\"T-001\"") && !ready.standardOutput.contains("\"T-002\""))
        }
    }

    @Test(arguments: [
        // Not JSON: refused while the file is read.
        "{\"title\": \"Schema\"}\n{\"title\": \n{\"title\": \"Search box\"}\n",
        // A line without a title.
        "{\"title\": \"Schema\"}\n{\"priority\": 1}\n",
        // A dependency on a task that does not exist.
        "{\"title\": \"Schema\"}\n{\"title\": \"Endpoint\", \"after\": [\"T-009\"]}\n",
        // A priority out of range.
        "{\"title\": \"Schema\", \"priority\": 7}\n",
    ])
    func aBadLineRefusesTheWholeFileAndWritesNothing(_ text: String) throws {
        try TemporaryBoard.with { board in
            write(board, "tasks.jsonl", text)
            let before = try fileTree(board.root)
            let result = try launch(board, tasks: "tasks.jsonl")
            #expect(result.status != 0)
            #expect(result.standardError.hasPrefix("coord: "))
            #expect(result.standardError.split(separator: "\n").count == 1, "one sentence: \(result.standardError)")
            #expect(try fileTree(board.root) == before, "no brief, worker, goal, bulletin line or task was written")
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Glibc
import Testing

/// `coord import` of a hand-made DECISIONS.json: every field type-checked
/// before anything is written, and `supersedes` applied both ways.
@Suite struct SeedImportValidationTests {
    static let environment = ["COORD_AGENT": "main-session", "COORD_NOW": "2026-11-21T09:30:00Z"]

    /// A seed folder holding `DECISIONS.json` with `records`.
    func seed(_ records: String, in board: TemporaryBoard) -> String {
        let folder = board.root + "/seed"
        mkdir(folder, 0o755)
        FileBytes.write(folder + "/DECISIONS.json", Array("{\"decisions\": [\(records)]}".utf8))
        return folder
    }

    static let good = #"{"id": "ADR-001", "decision": "Use Postgres", "context": "c", "rationale": "r"}"#

    @Test(arguments: [
        #""decision": 123"#, #""decision": true"#, #""context": 5"#, #""rationale": {"a": 1}"#, #""date": 20261121"#,
        #""source": ["x"]"#, #""tags": [1, "db"]"#, #""tags": 7"#, #""propagated_to": [null]"#, #""status": 1"#,
        #""history": [{"event": "decided", "actor": 5}]"#, #""history": [{"event": "decided", "at": 12}]"#,
    ])
    func aWronglyTypedFieldWritesNothing(_ field: String) throws {
        try TemporaryBoard.with { board in
            // The field replaces the record's own value of that key, or is added.
            let key = String(field.split(separator: ":", maxSplits: 1)[0])
            var fields = [#""id": "ADR-002""#, #""decision": "Use Redis""#, #""context": "c""#, #""rationale": "r""#]
                .filter { !$0.hasPrefix(key + ":") }
            fields.append(field)
            let bad = "{" + fields.joined(separator: ", ") + "}"
            let folder = seed(Self.good + ", " + bad, in: board)
            let before = ["BULLETIN.md", "decisions.jsonl"].map { FileBytes.read(board.path($0)) }
            let result = try CoordBinary.run(["import", folder], in: board.root, environment: Self.environment)
            #expect(result.status == 64, "\(field): \(result.standardOutput) \(result.standardError)")
            #expect(result.standardError.contains("import again"), "\(field): \(result.standardError)")
            #expect(["BULLETIN.md", "decisions.jsonl"].map { FileBytes.read(board.path($0)) } == before, "\(field)")
        }
    }

    @Test func anImportedSupersessionMarksTheOlderDecisionToo() throws {
        try TemporaryBoard.with { board in
            let newer = #"{"id": "ADR-002", "decision": "Use CockroachDB", "context": "c", "rationale": "r", "supersedes": ["ADR-001"]}"#
            let folder = seed(Self.good + ", " + newer, in: board)
            let result = try CoordBinary.run(["import", folder], in: board.root, environment: Self.environment)
            #expect(result.status == 0, "\(result.standardError)")
            let listed = try CoordBinary.run(["decisions", "--json"], in: board.root, environment: Self.environment)
            let document = try BoardJSON.decode([String: JSONValue].self, from: Array(listed.standardOutput.utf8))
            guard case .array(let listedDecisions)? = document["decisions"] else {
                Issue.record("no decisions in \(listed.standardOutput)")
                return
            }
            let statuses = Dictionary(uniqueKeysWithValues: listedDecisions.compactMap { value -> (String, String)? in
                guard case .object(let fields) = value, let id = fields["id"]?.stringValue else { return nil }
                return (id, fields["status"]?.stringValue ?? "")
            })
            #expect(statuses == ["ADR-001": "superseded", "ADR-002": "accepted"], "\(listed.standardOutput)")
            // Importing again changes nothing.
            let decisions = FileBytes.read(board.path("decisions.jsonl"))
            #expect(try CoordBinary.run(["import", folder], in: board.root, environment: Self.environment).status == 0)
            #expect(FileBytes.read(board.path("decisions.jsonl")) == decisions)
        }
    }
}

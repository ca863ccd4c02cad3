import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `coord import` and `coord export` through the built binary, on the seed's own example documents.
@Suite struct SeedImportEndToEndTests {
    /// While the seed's lock is held (it was taken at 02:10 +11:00 and gets the 2h default).
    static let environment = ["COORD_AGENT": "main-session", "COORD_NOW": "2026-02-07T03:20:00+11:00"]

    private func seedBoard() throws -> TemporaryBoard {
        try TemporaryBoard(timeZone: BoardTimeZone(identifier: "+11:00")!, now: TestTime.at("2026-02-07T03:20:00+11:00"))
    }

    private func coord(_ arguments: [String], _ board: TemporaryBoard) throws -> ProcessResult {
        let result = try CoordBinary.run(arguments, in: board.root, environment: Self.environment)
        #expect(result.status == 0, "\(arguments): \(result.standardError)")
        return result
    }

    private func json(_ path: String) throws -> JSONValue {
        try BoardJSON.decode(JSONValue.self, from: FileBytes.read(path) ?? [])
    }

    /// The seed's record, field by field, as JSON values.
    private func seedRecord(_ name: String, _ key: String) throws -> [String: JSONValue] {
        guard case .object(let document) = try json(SeedFixtures.folder + "/" + name),
              case .array(let list)? = document[key], case .object(let record)? = list.first
        else { throw CoordError(.damaged, "fixture \(name) is not as the seed shows it") }
        return record
    }

    private func exported(_ path: String, _ key: String) throws -> [String: JSONValue] {
        guard case .object(let document) = try json(path), case .array(let list)? = document[key], list.count == 1,
              case .object(let record)? = list.first
        else { throw CoordError(.damaged, "\(path) does not hold one \(key) record") }
        return record
    }

    @Test func importedLocksAreRealGrantsAndNeverGrantedTwice() throws {
        let board = try seedBoard()
        // Someone already holds a path under the seed's lock.
        let other = try CoordBinary.run(["lock", "~/gt/mcp_memory/graph.py", "--intent", "hotfix", "--as", "polecat"],
                                        in: board.root, environment: Self.environment)
        #expect(other.status == 0, "\(other.standardError)")
        let refused = try coord(["import", SeedFixtures.folder], board)
        #expect(refused.standardOutput.contains("~/gt/mcp_memory was not granted: polecat holds ~/gt/mcp_memory/graph.py"))

        // On a board where the path is free the imported lock is held, with a fencing token.
        let fresh = try seedBoard()
        _ = try coord(["import", SeedFixtures.folder], fresh)
        let check = try CoordBinary.run(["check", "~/gt/mcp_memory/notes.md", "--as", "polecat"], in: fresh.root,
                                        environment: Self.environment)
        #expect(check.status == ExitStatus.conflict)
        let locks = try coord(["locks", "--json"], fresh)
        #expect(locks.standardOutput.contains("\"holder\" : \"gastown-mayor\""))
        #expect(locks.standardOutput.contains("\"token\" : 1"))
        // Importing again grants nothing more.
        _ = try coord(["import", SeedFixtures.folder], fresh)
        let journal = fresh.contents("locks.jsonl") ?? ""
        #expect(journal.split(separator: "\n").filter { $0.contains("\"event\":\"acquire\"") }.count == 1)
    }

    @Test func roundTripKeepsEveryFieldOfTheSeed() throws {
        let board = try seedBoard()
        let imported = try coord(["import", SeedFixtures.folder], board)
        #expect(imported.standardOutput.contains("had no expiry: given the default 2h TTL from its since, so it expires 2026-02-07T04:10:00+11:00"))
        let out = board.root + "/out"
        _ = try coord(["export", out], board)

        let decision = try exported(out + "/DECISIONS.json", "decisions")
        for (key, value) in try seedRecord("DECISIONS.json", "decisions") {
            #expect(decision[key] == value, "decision field \(key)")
        }
        #expect(decision["status"] == .string("accepted"))
        #expect(decision["superseded_by"] == .null)

        let lock = try exported(out + "/LOCKS.json", "locks")
        for (key, value) in try seedRecord("LOCKS.json", "locks") {
            #expect(lock[key] == value, "lock field \(key)")
        }
        #expect(lock["expires"] == .string("2026-02-07T04:10:00+11:00"))

        // The bulletin keeps the seed's lines exactly.
        #expect(board.contents("BULLETIN.md")?.contains(SeedFixtures.text("BULLETIN.md")) == true)
        let read = try coord(["read", "--agent", "gastown/polecat", "--json"], board)
        #expect(read.standardOutput.contains(#""message":"Completed bead mm-slx (Remove SQLite/ChromaDB) → PR #31""#))

        // The export reads back into a fresh board as the same export.
        let copy = try seedBoard()
        _ = try coord(["import", out], copy)
        let again = copy.root + "/again"
        _ = try coord(["export", again], copy)
        #expect(FileBytes.read(again + "/LOCKS.json") == FileBytes.read(out + "/LOCKS.json"))
        #expect(try exported(again + "/DECISIONS.json", "decisions") == decision)
    }

    @Test func importingTwiceDuplicatesNothing() throws {
        let board = try seedBoard()
        _ = try coord(["import", SeedFixtures.folder], board)
        let files = ["BULLETIN.md", "decisions.jsonl", "import/locks.jsonl"].map { board.path($0) }
        let before = files.map(FileBytes.read)
        let again = try coord(["import", SeedFixtures.folder, "--json"], board)
        #expect(files.map(FileBytes.read) == before)
        let report = try BoardJSON.decode(ImportReport.self, from: Array(again.standardOutput.utf8))
        #expect(report.decisions.imported.isEmpty)
        #expect(report.decisions.alreadyPresent == ["ADR-001"])
        #expect(report.locks.alreadyPresent == 1)
        #expect(report.bulletin.alreadyPresent == 4)
        #expect(!report.changedBoard)
    }

    @Test func aHandMadeBoardIsAdoptedInPlace() throws {
        // Someone kept .coordination/ by hand; coord init keeps their bulletin, import adopts the rest.
        let scratch = try TemporaryBoard(initialise: false)
        _ = try Subprocess.run(["/bin/mkdir", scratch.boardPath])
        for name in ["BULLETIN.md", "LOCKS.json", "DECISIONS.json"] {
            FileBytes.write(scratch.path(name), FileBytes.read(SeedFixtures.folder + "/" + name) ?? [])
        }
        let initialised = try CoordBinary.run(["init", "--timezone", "+11:00"], in: scratch.root, environment: Self.environment)
        #expect(initialised.status == 0, "\(initialised.standardError)")
        let report = try coord(["import", ".", "--json"], scratch)
        let decoded = try BoardJSON.decode(ImportReport.self, from: Array(report.standardOutput.utf8))
        #expect(decoded.folder == scratch.boardPath)
        #expect(decoded.bulletin.copied == 0)
        #expect(decoded.bulletin.alreadyPresent == 4)
        #expect(decoded.decisions.imported.map(\.id) == ["ADR-001"])
        let unacked = try CoordBinary.run(["decisions", "--unacked", "--json"], in: scratch.root,
                                          environment: ["COORD_AGENT": "gastown-mayor", "COORD_NOW": "2026-02-07T03:30:00+11:00"])
        #expect(unacked.status == 0)
        #expect(!unacked.standardOutput.contains("ADR-001"), "gastown-mayor is in the seed's propagated_to")
    }
}

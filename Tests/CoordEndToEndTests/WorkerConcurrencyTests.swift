import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct WorkerConcurrencyTests {
    static let processes = 20
    static let updatesEach = 100

    /// 20 processes each run 100 `coord worker update` calls on the same worker at
    /// once, raising and clearing blockers as they go. Every observation must be
    /// there exactly once, and every record's state must be what folding the
    /// journal up to it gives: proof that each state was computed inside the lock.
    @Test func concurrentUpdatesLoseNothingAndKeepTheStateConsistent() throws {
        try TemporaryBoard.with { board in
            let env = ["COORD_AGENT": "lead", "COORD_NOW": "2026-11-20T09:00:00+01:00"]
            let launched = try CoordBinary.run(["launch", "--domains", "backend-api", "--goal", "Load"], in: board.root, environment: env)
            #expect(launched.status == 0, "\(launched.standardError)")

            let script = """
                i=1
                while [ $i -le \(Self.updatesEach) ]; do
                  case $((i % 10)) in
                    0) "$COORD" worker update --note "p$P-$i" --blocker "b$P-$i" >/dev/null || exit 1 ;;
                    5) "$COORD" worker update --note "p$P-$i" --unblocked --context $i >/dev/null || exit 1 ;;
                    *) "$COORD" worker update --note "p$P-$i" >/dev/null || exit 1 ;;
                  esac
                  i=$((i + 1))
                done
                """
            let running = try (1 ... Self.processes).map { process in
                try Subprocess.start(["/bin/sh", "-c", script], environment: [
                    "COORD": CoordBinary.fastest, "P": String(process), "COORD_AGENT": "worker-1-backend-api",
                    "COORD_NOW": "2026-11-20T10:00:00+01:00",
                ], directory: board.root)
            }
            for process in running {
                let result = process.wait()
                #expect(result.status == 0, "\(result.standardError)")
            }

            let contents = try RecordJournal<WorkerRecord>(directory: try board.workspace().board.subdirectory("workers", create: false)!,
                                                     name: "backend-api.jsonl").read()
            #expect(contents.invalid.isEmpty)
            let records = contents.values
            #expect(records.count == 1 + Self.processes * Self.updatesEach)
            let notes = records.dropFirst().compactMap { $0.notes?.first }
            let expected = (1 ... Self.processes).flatMap { p in (1 ... Self.updatesEach).map { "p\(p)-\($0)" } }
            #expect(notes.sorted() == expected.sorted())
            #expect(Set(records.map(\.id)).count == records.count)

            var blockers: [String] = []
            var context: Int? = nil
            var consistent = 0
            for record in records.dropFirst() {
                blockers = (record.unblocked == true ? [] : blockers) + (record.blockers ?? [])
                if let value = record.context { context = value }
                let expectedStatus: WorkerStatus = blockers.isEmpty ? .active : .blocked
                if record.state.blockers == blockers && record.state.context == context && record.state.status == expectedStatus {
                    consistent += 1
                }
            }
            #expect(consistent == Self.processes * Self.updatesEach)

            let bulletin = try Bulletin(try board.workspace()).read(BulletinQuery(limit: nil))
            #expect(bulletin.filter { $0.message.hasPrefix("backend-api: ") }.count == Self.processes * Self.updatesEach)
        }
    }
}

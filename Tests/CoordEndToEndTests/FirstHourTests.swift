import CoordinationKit
import CoordTestSupport
import Glibc
import Testing

/// What a newcomer meets in the first hour: the sample seen alive, `-C` where
/// git puts it, clear errors for a bad environment, output that fits.
@Suite struct FirstHourTests {
    @Test func atShowsTheSampleDayAsItEnded() throws {
        let board = try ReadCommandsNeverWriteTests.sampleCopy()
        let status = try CoordBinary.run(["status", "--at", "2026-11-20T18:05"], in: board.root)
        #expect(status.status == 0, "\(status.standardError)")
        #expect(status.standardOutput.contains("2026-11-20 18:05 Europe/Berlin"))
        #expect(status.standardOutput.contains("#1 backend-api     active     30m ago"), "\(status.standardOutput)")
        #expect(!status.standardOutput.contains("STALE"), "\(status.standardOutput)")
        #expect(status.standardOutput.contains("Locks (1 live)"))

        // Without --at the same board is judged by today's clock: every worker is stale.
        let today = try CoordBinary.run(["status"], in: board.root)
        #expect(today.standardOutput.contains("STALE"))

        // Earlier in the day, later entries are not there yet.
        let noon = try CoordBinary.run(["read", "--at", "2026-11-20T12:00", "--json", "--limit", "0"], in: board.root)
        let times = try JSONLines.objects(noon.standardOutput).compactMap { $0.string("time") }
        #expect(!times.isEmpty)
        // Noon in Berlin is 11:00 UTC; the whole day runs past it.
        #expect(times.allSatisfy { $0 <= "2026-11-20T11:00:00.000Z" }, "\(times)")
        let whole = try CoordBinary.run(["read", "--date", "2026-11-20", "--json", "--limit", "0"], in: board.root)
        #expect(try JSONLines.objects(whole.standardOutput).contains { ($0.string("time") ?? "") > "2026-11-20T11:00:00.000Z" })
        let bad = try CoordBinary.run(["read", "--at", "yesterday"], in: board.root)
        #expect(bad.status == 64)
        #expect(bad.standardError.hasPrefix("coord: --at 'yesterday' is not a moment"))
    }

    @Test func workspaceGoesBeforeOrAfterTheSubcommand() throws {
        let board = try TemporaryBoard()
        let env = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]
        let elsewhere = "/"
        #expect(try CoordBinary.run(["-C", board.root, "post", "from outside"], in: elsewhere, environment: env).status == 0)
        let before = try CoordBinary.run(["-C", board.root, "read"], in: elsewhere, environment: env)
        #expect(before.status == 0, "\(before.standardError)")
        #expect(before.standardOutput.contains("alice: from outside"))
        let after = try CoordBinary.run(["read", "-C", board.root], in: elsewhere, environment: env)
        #expect(after.standardOutput == before.standardOutput)
        let nested = try CoordBinary.run(["--workspace", board.root, "decision", "show", "ADR-001"], in: elsewhere, environment: env)
        #expect(nested.status == 5, "\(nested.standardError)")  // found the board, and no such decision
        // After the subcommand wins: it is the more specific.
        let both = try CoordBinary.run(["-C", "/nonexistent", "read", "-C", board.root], in: elsewhere, environment: env)
        #expect(both.status == 0, "\(both.standardError)")
    }

    @Test func initTakesTheFolderBeforeOrAfterTheSubcommand() throws {
        let scratch = try TemporaryBoard(initialise: false)
        for (arguments, folder) in [(["init", "-C", "after"], "after"), (["-C", "before", "init"], "before")] {
            #expect(try Subprocess.run(["/bin/mkdir", scratch.root + "/" + folder]).status == 0)
            let result = try CoordBinary.run(arguments, in: scratch.root)
            #expect(result.status == 0, "\(result.standardError)")
            #expect(FileBytes.exists(scratch.root + "/" + folder + "/.coordination/board.json"), "\(arguments)")
        }
        #expect(!FileBytes.exists(scratch.root + "/.coordination"), "init ignored -C and used the current folder")
    }

    @Test func aMalformedEnvironmentIsAUsageError() throws {
        let board = try TemporaryBoard()
        let cases: [(String, String, String)] = [
            ("COORD_NOW", "tomorrow", "coord: COORD_NOW is 'tomorrow', not an ISO 8601 instant"),
            ("COORD_AGENT", "bad:name", "coord: COORD_AGENT is 'bad:name', which contains ':'"),
            ("COLUMNS", "wide", "coord: COLUMNS is 'wide', not a width"),
            ("COLUMNS", "-3", "coord: COLUMNS is '-3', not a width"),
        ]
        for (name, value, message) in cases {
            for command in [["read"], ["status"], ["post", "x"], ["locks"]] {
                let result = try CoordBinary.run(command, in: board.root, environment: [name: value])
                #expect(result.status == 64, "\(name)=\(value) \(command)")
                #expect(result.standardError.hasPrefix(message), "\(result.standardError)")
                #expect(result.standardError.split(separator: "\n").count == 1)
                #expect(result.standardOutput.isEmpty)
            }
        }
        let entries = (board.contents("BULLETIN.md") ?? "").split(separator: "\n").filter { $0.hasPrefix("- [") }
        #expect(entries.isEmpty, "a refused post wrote anyway")
        // Empty counts as unset.
        #expect(try CoordBinary.run(["read"], in: board.root, environment: ["COORD_NOW": "", "COLUMNS": ""]).status == 0)
    }

    @Test func statusFitsTheTerminalWidth() throws {
        let board = try ReadCommandsNeverWriteTests.sampleCopy()
        func widest(_ columns: String?) throws -> Int {
            let env = columns.map { ["COLUMNS": $0] } ?? [:]
            let result = try CoordBinary.run(["status", "--at", "2026-11-20T17:00"], in: board.root, environment: env)
            #expect(result.status == 0, "\(result.standardError)")
            return result.standardOutput.split(separator: "\n").map(\.count).max() ?? 0
        }
        #expect(try widest(nil) > 80)  // not a terminal: 100 columns
        #expect(try widest("80") <= 80)
        #expect(try widest("72") <= 72)
        #expect(try widest("20") == 60)  // the minimum
        #expect(try widest("200") > 100)
    }

    @Test func followPrintsEachDayHeadingOnce() throws {
        let board = try TemporaryBoard()
        let env = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]
        #expect(try CoordBinary.run(["post", "before"], in: board.root, environment: env).status == 0)
        let follower = try CoordBinary.start(["read", "--follow"], in: board.root, environment: env)
        defer { follower.signal(SIGKILL); _ = follower.wait() }
        #expect(Waiting.until { follower.outputSoFar.contains("before") })
        for message in ["one", "two", "three"] {
            #expect(try CoordBinary.run(["post", message], in: board.root, environment: env).status == 0)
            #expect(Waiting.until { follower.outputSoFar.contains(message) })
        }
        follower.signal(SIGINT)
        let output = follower.wait().standardOutput
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("## ") } == ["## 2026-11-21"], "\(output)")
        #expect(output.split(separator: "\n").count == 5)
    }

    @Test func helpFitsEightyColumnsAndTeachesTheProtocol() throws {
        let board = try TemporaryBoard()
        let help = try CoordBinary.run(["--help"], in: board.root, environment: ["COLUMNS": "80"])
        for rule in ["Read before acting", "Lock before touching", "Post after acting", "Log actions, not intentions"] {
            #expect(help.standardOutput.contains(rule), "coord --help does not teach '\(rule)'")
        }
        let commands = ["init", "post", "read", "doctor", "status", "observe", "decide", "decisions", "decision show", "ack",
                        "approve", "reject", "import", "export", "worker update", "worker handoff", "worker done",
                        "worker show", "workers", "launch", "brief", "lock", "unlock", "renew", "locks", "check", "run",
                        "synthesize"]
        for command in commands {
            let page = try CoordBinary.run(["help"] + command.split(separator: " ").map(String.init), in: board.root,
                                           environment: ["COLUMNS": "80"])
            // The usage synopsis is one line by design; everything else fits.
            let long = page.standardOutput.split(separator: "\n").filter { $0.count > 80 && !$0.hasPrefix("USAGE:") }
            #expect(long.isEmpty, "coord help \(command): \(long)")
            // An example continues with an indented line, never with a wrapped argument.
            let lines = page.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(lines, lines.dropFirst()) where line.hasPrefix("  coord ") && !next.isEmpty {
                #expect(next.hasPrefix("  "), "coord help \(command): an example wraps: \(line) / \(next)")
            }
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

/// `--via CMD`, and boards written by many processes at once.
@Suite struct SynthesisNarrativeTests {
    @Test func theCommandsAnswerIsAppendedAsANarrative() throws {
        let s = try ScriptedBoard.bulletinDay()
        // `head -1` reads the report on stdin and answers with its title.
        let result = try s.synthesize(["--date", "2026-11-20", "--via", "head -1"], now: "2026-11-21T09:00")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasSuffix("""
            ## Narrative

            *Written by `head -1` from the report above; coord did not check it.*

            # Synthesis for Friday 2026-11-20

            """))
        #expect(s.board.contents("synthesis/2026-11-20.md") == result.standardOutput)
    }

    @Test func aFailingCommandStillLeavesTheReportAndSaysWhy() throws {
        let s = try ScriptedBoard.bulletinDay()
        let plain = try s.synthesize(["--date", "2026-11-20"], now: "2026-11-21T09:00")
        let result = try s.synthesize(["--date", "2026-11-20", "--via", "sh -c exit-3"], now: "2026-11-21T09:00")
        #expect(result.status == 0)
        #expect(result.standardError.contains("coord: no narrative: 'sh -c exit-3' exited with status 127"))
        #expect(result.standardOutput.hasPrefix(plain.standardOutput))
        #expect(result.standardOutput.contains("*No narrative: 'sh -c exit-3' exited with status 127"))
        #expect(s.board.contents("synthesis/2026-11-20.md") == result.standardOutput)

        let missing = try s.synthesize(["--date", "2026-11-20", "--via", "no-such-program-here"], now: "2026-11-21T09:00")
        #expect(missing.status == 0)
        #expect(missing.standardOutput.contains("'no-such-program-here' could not be started: no such file or directory."))
    }

    @Test func aCommandPastItsTimeLimitIsStopped() throws {
        let s = try ScriptedBoard.bulletinDay()
        let result = try s.synthesize(["--date", "2026-11-20", "--via", "sleep 30", "--via-timeout", "1s"], now: "2026-11-21T09:00")
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("*No narrative: 'sleep 30' did not finish within 1s and was stopped."))
        #expect(s.board.contents("synthesis/2026-11-20.md")?.contains("## Timeline") == true)
    }

    @Test func manyWritersAtOnceGiveTheSameReportAsOneAfterAnother() throws {
        // Each writer is one agent posting its own lines in order; the report
        // orders by minute and agent, so arrival order must not matter.
        let writers = 12
        func script(_ i: Int) -> String {
            let agent = "worker-\(i < 10 ? "0" : "")\(i)"
            let minute = 10 + i % 3  // several writers share a minute
            let steps = [("Starting task \(i)", 0), ("heartbeat", 1), ("Completed task \(i)", 2)]
            var commands = steps.map { message, offset in
                "COORD_AGENT=\(agent) COORD_NOW=2026-11-20T09:\(minute + offset * 10):00+01:00 "
                    + "\(Subprocess.shellQuote(CoordBinary.path)) post \(Subprocess.shellQuote(message))"
            }
            if i < 4 {
                // The first four writers are workers, each recording on its own entity.
                commands.append("COORD_AGENT=worker-\(i + 1)-d\(i) COORD_NOW=2026-11-20T10:0\(i):00+01:00 "
                    + "\(Subprocess.shellQuote(CoordBinary.path)) worker update --completed 'part \(i) of the cache' "
                    + "--discovery 'the cache needs a lock' --files shared/cache.swift,d\(i)/own.swift")
            }
            return commands.joined(separator: " && ")
        }
        let serial = try ScriptedBoard()
        let parallel = try ScriptedBoard()
        for board in [serial, parallel] {
            try board.run("2026-11-20T08:00", "lead", ["launch", "--workers", "4", "--domains", "d0,d1,d2,d3", "--goal", "cache"])
        }
        for i in 0 ..< writers {
            let done = try Subprocess.run(["/bin/sh", "-c", script(i)], directory: serial.board.root)
            #expect(done.status == 0, "\(done.standardError)")
        }
        let started = try (0 ..< writers).reversed().map {
            try Subprocess.start(["/bin/sh", "-c", script($0)], directory: parallel.board.root)
        }
        for process in started { #expect(process.wait().status == 0) }

        for format in [[], ["--json"]] {
            let a = try serial.synthesize(["--date", "2026-11-20"] + format, now: "2026-11-21T09:00")
            let b = try parallel.synthesize(["--date", "2026-11-20"] + format, now: "2026-11-21T09:00")
            #expect(a.status == 0 && b.status == 0)
            #expect(a.standardOutput == b.standardOutput)
            #expect(a.standardOutput.contains("worker-11"))
            #expect(a.standardOutput.contains("shared/cache.swift"))
        }
    }
}

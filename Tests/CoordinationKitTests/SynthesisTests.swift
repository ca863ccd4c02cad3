import CoordTestSupport
import FoundationEssentials
import Testing
@testable import CoordStorage
@testable import CoordinationKit

@Suite struct SynthesisTests {
    @Test(arguments: [
        ("Starting the day: auth feature", EntryKind.start),
        ("Completed bead mm-slx -> PR #31", .completion),
        ("backup done (412 MB)", .completion),
        ("BLOCKER: waiting on the API schema", .blocker),
        ("blocked on staging", .blocker),
        ("unblocked: schema landed", .unblocked),
        ("decided ADR-007: FalkorDB + CQRS", .decision),
        ("approved ADR-002", .decision),
        ("Handoff to frontend: API ready", .handoff),
        ("heartbeat", .heartbeat),
        ("still alive", .heartbeat),
        ("renewed lease on src/ until 16:02", .renewal),
        ("locked src/auth/ (until 16:02): token refresh", .lock),
        ("unlocked src/auth/", .lock),
        ("force-broke the lock on docs/ held by bob: crashed", .lockBreak),
        ("intervention: backend blocked for 70m", .intervention),
        ("Reviewed designs; wrote notes", .note),
    ])
    func entriesAreClassifiedFromTheirWords(_ message: String, _ kind: EntryKind) {
        #expect(EntryKind.classify(message, agent: "someone") == kind)
    }

    @Test func aDayWindowFollowsTheZonesClockChanges() throws {
        let berlin = try #require(BoardTimeZone(identifier: "Europe/Berlin"))
        // 2026-03-29: clocks go forward, the day has 23 hours.
        let spring = SynthesisWindow.day(try #require(CivilDate("2026-03-29")), in: berlin)
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3600)
        #expect(spring.boardFileName == "2026-03-29.md")
        let plain = SynthesisWindow.day(try #require(CivilDate("2026-11-20")), in: berlin)
        #expect(Timestamp.utc(plain.start) == "2026-11-19T23:00:00.000Z")
        #expect(plain.contains(plain.start) && !plain.contains(plain.end))
    }

    @Test func aSinceWindowEndsNowAndSpansTheDaysItTouches() throws {
        let now = TestTime.at("2026-11-21T01:30:00Z")
        let window = SynthesisWindow.since(now.addingTimeInterval(-3 * 3600), now: now)
        #expect(window.boardFileName == nil)
        #expect(window.contains(now))
        #expect(window.days(in: .utc) == (try #require(CivilDate("2026-11-20"))) ... (try #require(CivilDate("2026-11-21"))))
    }

    @Test func aReportOnAnEmptyBoardIsEmptyNotAnError() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            let report = try Synthesis(workspace).report(for: .today(workspace))
            #expect(report.empty)
            #expect(report.timeline.hours.isEmpty)
            #expect(SynthesisMarkdown.render(report).contains("Nothing was recorded on this board on Saturday 2026-11-21"))
        }
    }

    @Test func ownPostAfterATornTailIsNotCountedAsByHand() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            let bulletin = Bulletin(workspace)
            try bulletin.post("first", as: AgentName("a"))
            board.appendRaw("BULLETIN.md", Array("- [09:00] cron: by hand\n- [09:0".utf8))
            try bulletin.post("after the torn line", as: AgentName("a"))
            let report = try Synthesis(workspace).report(for: .today(workspace))
            let entries = report.timeline.hours.flatMap(\.entries)
            #expect(entries.map(\.message) == ["first", "after the torn line", "by hand"])
            #expect(entries.map(\.byHand) == [false, false, true])
            #expect(report.dataQuality.skippedLines == 1)
            #expect(report.dataQuality.files.first?.examples.first?.line == 13)
        }
    }

    @Test func repeatedLinesAreFoldedOncePerAgent() throws {
        try TemporaryBoard.with { board in
            let workspace = try board.workspace()
            let bulletin = Bulletin(workspace)
            try bulletin.post(["Build failed on main", "build  failed on MAIN", "Build failed on main"], as: AgentName("ci"))
            try bulletin.post("Build failed on main", as: AgentName("other"))
            let report = try Synthesis(workspace).report(for: .today(workspace))
            #expect(report.timeline.hours.flatMap(\.entries).map(\.agent) == ["ci", "other"])
            #expect(report.timeline.folded == [SynthesisReport.Count(name: "repeated", count: 2)])
            #expect(report.activity.map(\.posts) == [3, 1])
        }
    }
}

@Suite struct ExternalCommandTests {
    /// Like the `coord` executable, this test process ignores SIGPIPE before feeding children.
    init() { ProcessIO.ignoreBrokenPipes() }

    @Test func inputAndOutputLargerThanAPipeDoNotDeadlock() {
        let input = Array(repeating: UInt8(ascii: "x"), count: 1 << 20) + [UInt8(ascii: "\n")]
        let result = ExternalCommand(arguments: ["cat"], timeLimitSeconds: 20, outputLimit: 2 << 20).run(input: input)
        #expect(result.ending == .exited(status: 0))
        #expect(result.output == input)
        #expect(!result.outputTruncated)
    }

    @Test func outputPastTheLimitIsCut() {
        let result = ExternalCommand(arguments: ["head", "-c", "5000"], timeLimitSeconds: 20, outputLimit: 100)
            .run(input: Array(repeating: UInt8(ascii: "y"), count: 10_000))
        #expect(result.ending == .exited(status: 0))
        #expect(result.output.count == 100)
        #expect(result.outputTruncated)
    }

    @Test func aProgramThatIgnoresItsInputStillEnds() {
        let result = ExternalCommand(arguments: ["true"], timeLimitSeconds: 20).run(input: Array(repeating: 0x41, count: 1 << 20))
        #expect(result.ending == .exited(status: 0))
    }

    @Test func aMissingProgramIsNotStarted() {
        let result = ExternalCommand(arguments: ["/nonexistent/program"], timeLimitSeconds: 5).run(input: [])
        #expect(result.ending == .notStarted(reason: "no such file or directory"))
    }

    @Test func wordsAreSplitOnSpacesWithoutAShell() {
        #expect(ExternalCommand.words("  llm  -m local\tmodel ") == ["llm", "-m", "local", "model"])
        #expect(ExternalCommand.words("echo $HOME 'a b'") == ["echo", "$HOME", "'a", "b'"])
    }
}

@Suite struct CrossWorkerTests {
    @Test func sharedPathsIncludeWhatIsInsideThem() {
        let shared = CrossWorker.sharedPaths([
            ("backend", "src/auth/"), ("frontend", "./src//auth/login.swift"), ("infra", "deploy/"),
            ("frontend", "docs/api.md"), ("backend", "docs/api.md"), ("infra", "src/other.swift"),
        ])
        #expect(shared == [
            SynthesisReport.SharedPath(path: "docs/api.md", workers: ["backend", "frontend"]),
            SynthesisReport.SharedPath(path: "src/auth", workers: ["backend", "frontend"]),
        ])
    }

    @Test func handoffsChainEndToStartInTimeOrder() {
        let chains = CrossWorker.chains([
            (30, "implementation", "validation"), (10, "research", "implementation"), (20, "docs", "release"),
            (5, "validation", "research"),
        ])
        #expect(chains.map(\.workers) == [
            ["validation", "research", "implementation", "validation"], ["docs", "release"],
        ])
    }
}

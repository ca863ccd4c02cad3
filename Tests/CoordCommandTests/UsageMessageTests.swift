import ArgumentParser
import CoordStorage
import CoordTestSupport
import Testing
@testable import coord

/// The usage rules commands check in `validate()`: each refusal is one sentence
/// naming the option and the fix, and exits 64.
@Suite struct UsageMessageTests {
    @Test(arguments: [
        (["post", "--lines", "hello"], "--lines reads every entry from standard input; give no message words."),
        (["read", "--follow", "--at", "2026-11-16"],
         "--follow waits for new entries and --at views a past moment; use one or the other."),
        (["synthesize", "--date", "2026-11-16", "--since", "2026-11-15"],
         "--date and --since choose different windows; give one of them."),
        (["synthesize", "--week", "--since", "2026-11-15"], "--week and --since choose different windows; give one of them."),
        (["synthesize", "--until", "2026-11-18"],
         "--until ends a --since window; give --since too, for example --since 2026-11-16 --until 2026-11-18."),
        (["brief", "--print-template", "worker-brief", "--goal", "Ship"],
         "--print-template only prints the template; give it no other options."),
        (["task", "claim"], "Name one task to claim, or pass --next for the best ready one."),
        (["task", "claim", "T-001", "--domain", "api"], "--domain goes with --next; a named task is claimed whatever its domain."),
        (["task", "claim", "T-001", "--wait", "1m"], "--wait is for locks; a claim either wins now or tells you who holds the task."),
        (["task", "link", "T-004"], "Name the dependencies with --after, for example: coord task link T-004 --after T-007."),
        (["task", "unlink", "T-004"], "Name the dependencies with --after, for example: coord task unlink T-004 --after T-007."),
    ])
    func aRefusedCombinationNamesTheFix(_ arguments: [String], _ message: String) throws {
        let error = try #require(throws: (any Error).self) { try Coord.parseAsRoot(arguments) }
        #expect(Coord.message(for: error) == message)
        #expect(Coord.exitCode(for: error).rawValue == ExitStatus.usage)
    }

    @Test(arguments: [
        (["post", "-"], String(repeating: "x", count: 64 * 1024 + 1),
         "coord: Standard input is longer than 64 KiB; post a summary and put the detail in a file.\n"),
        (["synthesize", "--since", "2026-11-16", "--until", "2026-11-15"], "",
         "coord: --until '2026-11-15' is before --since '2026-11-16'; give an end after the start.\n"),
    ])
    func aRefusedValueNamesTheFixAndWritesNothing(_ arguments: [String], _ input: String, _ message: String) throws {
        try TemporaryBoard.with { board in
            let before = FileBytes.read(board.path("BULLETIN.md"))
            let (context, status) = try runCommand(arguments + ["--as", "ci"], on: board, input: input)
            #expect(status == ExitStatus.usage)
            #expect(context.errorText == message)
            #expect(FileBytes.read(board.path("BULLETIN.md")) == before)
        }
    }
}

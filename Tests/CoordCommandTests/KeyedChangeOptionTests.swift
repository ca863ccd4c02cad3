import ArgumentParser
import CoordStorage
import CoordinationKit
import Testing
@testable import coord

/// The commands that change what is there take `--key` through the shared
/// option group; the hot path declines it.
@Suite struct KeyedChangeOptionTests {
    @Test(arguments: [
        ["task", "claim", "--next", "--key", "k-1"], ["task", "claim", "T-001", "--key", "k-1"],
        ["unlock", "src/", "--key", "k-1"], ["renew", "--key", "k-1"],
    ])
    func theHotPathDeclinesAKey(_ arguments: [String]) throws {
        #expect(HotPathParser.parse(arguments[...]) == nil)
        let parsed = try Coord.parseAsRoot(arguments)
        if let claim = parsed as? TaskClaimCommand { #expect(claim.invocation.key == "k-1") }
        if let unlock = parsed as? UnlockCommand { #expect(unlock.invocation.key == "k-1") }
        if let renew = parsed as? RenewCommand { #expect(renew.invocation.key == "k-1") }
        #expect(parsed is TaskClaimCommand || parsed is UnlockCommand || parsed is RenewCommand)
    }

    @Test(arguments: [
        ["unlock", "src/"], ["renew"], ["approve", "ADR-001"], ["reject", "ADR-001", "--reason", "r"], ["vote", "ADR-001", "yes"],
        ["task", "claim", "--next"], ["task", "renew", "T-001"], ["task", "done", "T-001"], ["task", "release", "T-001"],
        ["task", "block", "T-001", "--reason", "r"], ["task", "unblock", "T-001"], ["task", "cancel", "T-001", "--reason", "r"],
        ["task", "link", "T-001", "--after", "T-002"], ["task", "unlink", "T-001", "--after", "T-002"],
    ])
    func everyKeyedChangeRefusesABadKeyAsUsage(_ arguments: [String]) throws {
        do {
            _ = try Coord.parseAsRoot(arguments + ["--key", "two words"])
            Issue.record("\(arguments) accepted a key with a space")
        } catch {
            #expect(Coord.message(for: error).contains("is not a key"), "\(arguments)")
            #expect(Coord.exitCode(for: error) == ExitCode(64), "\(arguments)")
        }
        _ = try Coord.parseAsRoot(arguments + ["--key", "deploy-2026.11:21_a"])
    }
}

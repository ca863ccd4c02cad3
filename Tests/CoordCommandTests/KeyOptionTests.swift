import ArgumentParser
import CoordStorage
import CoordinationKit
import Testing
@testable import coord

/// `--key` is argument-parser's: the hot path declines it, and every keyed
/// command parses it through the one shared option group.
@Suite struct KeyOptionTests {
    @Test(arguments: [
        ["post", "--key", "k-1", "deploy started"],
        ["lock", "src/", "--intent", "x", "--key", "k-1"],
    ])
    func theHotPathDeclinesAKey(_ arguments: [String]) throws {
        #expect(HotPathParser.parse(arguments[...]) == nil)
        let parsed = try Coord.parseAsRoot(arguments)
        if let post = parsed as? PostCommand { #expect(post.invocation.key == "k-1") }
        if let lock = parsed as? LockCommand { #expect(lock.invocation.key == "k-1") }
        #expect(parsed is PostCommand || parsed is LockCommand)
    }

    @Test(arguments: [
        ["decide", "x", "--context", "c", "--rationale", "r"], ["worker", "update", "--note", "n"],
        ["worker", "done", "--report", "r"], ["worker", "handoff", "--to", "web", "--note", "n"], ["task", "add", "t"],
    ])
    func everyKeyedCommandRefusesABadKeyAsUsage(_ arguments: [String]) throws {
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

import ArgumentParser
import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing
@testable import coord

/// `coord send` on the hot path against argument-parser, over generated command
/// lines: whatever the hot path accepts, argument-parser parses to the same
/// `SendInvocation`; whatever argument-parser refuses, the hot path declines.
@Suite struct HotPathSendDifferentialTests {
    static let vectorCount = 2000

    static let edgeCases: [[String]] = [
        ["send"], ["send", "bob"], ["send", "bob", "hi"], ["send", "bob", "eve", "hi"], ["send", "--", "bob", "hi"],
        ["send", "bob", "--", "-5 flaky"], ["send", "bob", "-"], ["send", "bob", ""], ["send", "", "hi"], ["send", "help", "hi"],
        ["send", "bob", "help"], ["send", "--as=bob", "eve", "hi"], ["send", "--as", "a", "--as", "b", "eve", "hi"],
        ["send", "bob", "hi", "--json", "--json"], ["send", "bob", "hi", "--urgent"], ["send", "bob", "hi", "--key", "k"],
        ["send", "bob", "hi", "--key", "bad key"], ["send", "bob", "hi", "--expires", "1h"], ["send", "bob", "hi", "--expires", "soon"],
        ["send", "bob", "hi", "--subject", "s"], ["send", "bob", "hi", "--reply-to", "M-1"], ["send", "bob", "hi", "-C"],
        ["send", "-Cdir", "bob", "hi"], ["-C", "dir", "send", "bob", "hi"], ["send", "bob", "hi", "--help"], ["send", "-h"],
        ["Send", "bob", "hi"], ["send", "bob", "hi", "-x"], ["send", "--json", "bob", "hi"], ["send", "bob", "--as", "eve", "hi"],
    ]

    static let pieces = [
        "bob", "worker-1-api", "hello", "a b", "été", "--", "-", "", " ", "help", "-h", "--help", "--as", "eve", "-C", ".",
        "--workspace", "/tmp", "--json", "--urgent", "--key", "k1", "--expires", "1h", "0s", "--subject", "--reply-to", "M-3",
        "--as=bob", "-Cdir", "--jsn", "-x", "send", "a\nb", "\u{1B}[31m",
    ]

    static func generated(count: Int) -> [[String]] {
        var random = SplitMix64(seed: 16)
        let likely: [[String]] = [["bob"], ["eve"], ["tests pass"], ["--as", "ops"], ["-C", "."], ["--json"], ["--workspace", "/tmp"],
                                  ["--urgent"], ["--key", "disk"], ["--expires", "30m"], ["--subject", "hi"], ["--reply-to", "M-2"]]
        var lines: [[String]] = []
        for _ in 0 ..< count {
            var line = ["send"]
            if random.next(below: 2) == 0 { line += ["bob", "the API is live"] }
            for _ in 0 ..< random.next(below: 6) {
                if random.next(below: 3) > 0 {
                    line += likely[random.next(below: likely.count)]
                } else {
                    line.append(pieces[random.next(below: pieces.count)])
                }
            }
            lines.append(line)
        }
        return lines
    }

    @Test func theHotPathAcceptsOnlyWhatArgumentParserParsesTheSameWay() throws {
        let (counts, declined, refused) = HotPathVectors.compare(Self.edgeCases + Self.generated(count: Self.vectorCount))
        let accepted = counts.values.reduce(0, +)
        #expect(accepted >= 300, "only \(accepted) send lines accepted")
        #expect(declined >= 300, "only \(declined) send lines declined")
        #expect(refused >= 300, "only \(refused) send lines refused")
    }
}

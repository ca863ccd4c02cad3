import ArgumentParser
import CoordStorage
import CoordinationKit
import CoordTestSupport
import Testing
@testable import coord

/// The hot path against argument-parser, over thousands of generated command
/// lines: whatever the hot path accepts, argument-parser parses to the same
/// invocation; whatever argument-parser refuses or answers with help, the hot
/// path declines, so `coord` prints argument-parser's own bytes.
@Suite struct HotPathDifferentialTests {
    static let vectorCount = 4000

    /// Every accepted line parses, through argument-parser, to the same
    /// invocation; every line argument-parser refuses (help, usage errors,
    /// versions) is declined.
    @Test func theHotPathAcceptsOnlyWhatArgumentParserParsesTheSameWay() throws {
        let (accepted, declined, refused) = HotPathVectors.compare(
            HotPathVectors.edgeCases + HotPathVectors.generated(count: Self.vectorCount))
        // Every side of the comparison must be exercised for it to mean anything.
        for name in HotPathVectors.commands {
            #expect(accepted[name, default: 0] >= 50, "only \(accepted[name, default: 0]) accepted \(name) command lines")
        }
        #expect(declined >= 100)
        #expect(refused >= 1000)
    }

    /// Runs the built binary on command lines that argument-parser answers with
    /// help, a usage error or a version, and compares every byte and the exit status.
    @Test func declinedCommandLinesPrintArgumentParsersOwnOutput() throws {
        let refusing = (HotPathVectors.edgeCases + HotPathVectors.generated(count: 400)).filter {
            (try? Coord.parseAsRoot($0)) == nil
        }
        #expect(refusing.count >= 100)
        try TemporaryBoard.with { board in
            for arguments in refusing {
                var expectedOut = "", expectedErr = ""
                var expectedStatus: Int32 = 0
                do { _ = try Coord.parseAsRoot(arguments) } catch {
                    let text = Coord.fullMessage(for: error, columns: 80)
                    expectedStatus = Coord.exitCode(for: error).rawValue
                    if !text.isEmpty {
                        if expectedStatus == 0 { expectedOut = text + "\n" } else { expectedErr = text + "\n" }
                    }
                }
                let result = try CoordBinary.run(arguments, in: board.root, environment: ["COLUMNS": "80"])
                #expect(result.status == expectedStatus, "\(arguments)")
                #expect(result.standardOutput == expectedOut, "\(arguments)")
                #expect(result.standardError == expectedErr, "\(arguments)")
            }
        }
    }
}

/// Command lines for the differential tests: hand-picked edge cases and a
/// reproducible stream of random ones built from the same pieces.
enum HotPathVectors {
    /// Parses each of `vectors` with the hot path and with argument-parser and
    /// records an issue wherever they disagree: the hot path accepts a line that
    /// argument-parser refuses, or accepts it as another invocation. Returns how
    /// many lines each command had accepted, and how many were declined and refused.
    static func compare(_ vectors: [[String]]) -> (accepted: [String: Int], declined: Int, refused: Int) {
        var accepted: [String: Int] = [:]
        var declined = 0, refused = 0
        for arguments in vectors {
            let hot = HotPathParser.parse(arguments[...])
            let parsed: ParsableCommand
            do {
                parsed = try Coord.parseAsRoot(arguments)
            } catch {
                refused += 1
                #expect(hot == nil, "hot path accepted \(arguments), argument-parser refused it: \(Coord.message(for: error))")
                continue
            }
            guard let hot else {
                declined += 1
                continue
            }
            accepted[arguments[0], default: 0] += 1
            guard let command = parsed as? any HotPathCommand else {
                Issue.record("hot path accepted \(arguments), argument-parser parsed \(type(of: parsed))")
                continue
            }
            #expect(command.hotInvocation == hot, "\(arguments)")
        }
        return (accepted, declined, refused)
    }

    static let commands = ["post", "lock", "unlock", "renew", "check", "read", "status", "tasks", "task"]

    static let edgeCases: [[String]] = [
        [], ["post"], ["post", "--help"], ["post", "-h"], ["post", "-help"], ["help", "post"], ["post", "help"],
        ["post", "--"], ["post", "--", "-5 flaky"], ["post", "-"], ["post", ""], ["post", "--as=bob", "hi"],
        ["post", "--as", "bob", "--as", "eve", "hi"], ["post", "--json", "--json", "hi"], ["post", "--jso", "hi"],
        ["post", "-Cdir", "hi"], ["-C", "dir", "post", "hi"], ["--workspace", "dir", "post", "hi"], ["post", "hi", "-C"],
        ["post", "hi", "--as"], ["post", "--as", "--json", "hi"], ["post", "--lines"], ["post", "--lines", "hi"],
        ["post", "-5"], ["post", "hi", "-x"], ["Post", "hi"], ["--version"], ["--help"], ["-h"], ["help"],
        ["lock"], ["lock", "src"], ["lock", "--intent", "x"], ["lock", "src", "--intent"], ["lock", "src", "--intent", "-x"],
        ["lock", "src", "--intent", "x", "--ttl", "soon"], ["lock", "src", "--intent", "x", "--ttl", "30d"],
        ["lock", "src", "--intent=x"], ["lock", "src", "--intent", "x", "--intent", "y"], ["lock", "src", "--intent", "x", "--wait", "1s"],
        ["unlock"], ["unlock", "--all"], ["unlock", "src", "--force"], ["unlock", "src", "--reason", "r"],
        ["unlock", "src", "--force", "--reason", "r"], ["renew", "--ttl", "forever"], ["renew", "--ttl"], ["renew", "--ttl", "0s"],
        ["check"], ["check", "--quiet"], ["check", "a", "--quiet", "--quiet"], ["read", "extra"], ["read", "--limit", "-1"],
        ["read", "--limit", "+5"], ["read", "--limit", "99999999999999999999"], ["read", "--limit", "five"],
        ["read", "--date", "2026-13-01"], ["read", "--follow", "--follow"], ["read", "--since"], ["read", "--since", "--json"],
        ["read", "--since", "1h", "--since", "2h"], ["read", "-C", "a", "--workspace", "b"],
        ["status", "--entries", "51"], ["status", "--entries", "50"], ["status", "--stale-after", "0s"],
        ["status", "--stale-after", "later"], ["status", "now"], ["status", "--entries", "007"],
        ["tasks", "--ready", "--ready"], ["tasks", "--status", "open"], ["tasks", "--domain"], ["tasks", "--domain=api"],
        ["tasks", "ready"], ["task", "claim"], ["task", "claim", "T-001"], ["task", "claim", "--next", "T-001"],
        ["task", "claim", "--next", "--ttl", "0s"], ["task", "claim", "--next", "--ttl", "later"], ["task", "claim", "--next", "--next"],
        ["task", "claim", "--next", "--fence", "3"], ["task", "--next", "claim"], ["task", "Claim", "--next"], ["task", "claim", "--help"],
        ["post", "--generate-completion-script", "bash"], ["--generate-completion-script", "zsh"], ["post", "--experimental-dump-help"],
    ]

    /// Pieces a command line is built from: values of every kind, the options
    /// and flags of the hot commands, their misspellings and the special forms.
    static let pieces = [
        "hello", "src/", "src/auth/login.swift", "a b", "tests pass", "été", "x=y", "--", "-", "", " ", "help", "-h",
        "--help", "--as", "bob", "-C", "/tmp", ".", "--workspace", "--json", "--intent", "refactor", "--ttl", "30m", "2h",
        "soon", "--wait", "1s", "--quiet", "--all", "--force", "--reason", "--since", "1h", "2026-11-21", "--limit", "5",
        "0", "-5", "+3", "--agent", "--grep", "--date", "--follow", "--lines", "--as=bob", "--json=true", "-Cdir", "-qj",
        "--jsn", "-x", "post", "lock", "read", "a\nb", "\u{1B}[31m", "--stale-after", "--entries", "51", "0s",
        "--ready", "--mine", "--domain", "backend", "--next", "--lock", "claim", "T-001", "--status",
    ]

    /// `count` command lines from a fixed seed: a command (now and then a
    /// non-command) followed by up to seven pieces, weighted towards the
    /// options each command takes so that many lines are valid.
    static func generated(count: Int) -> [[String]] {
        var random = SplitMix64(seed: 12)
        var lines: [[String]] = []
        lines.reserveCapacity(count)
        for _ in 0 ..< count {
            var line: [String] = []
            if random.next(below: 20) == 0 {
                line.append(["-C", "decisions", "help", "--help", "POST", "locks", ""][random.next(below: 7)])
            } else {
                line.append(commands[random.next(below: commands.count)])
                // lock needs a path and --intent; give half of them both up front.
                if line[0] == "lock" && random.next(below: 2) == 0 { line += ["src/", "--intent", "go"] }
                // task's hot form is `task claim --next`; give most of them the subcommand.
                if line[0] == "task" {
                    let form = random.next(below: 8)
                    line += form < 6 ? ["claim", "--next"] : form == 6 ? ["claim"] : []
                }
            }
            for _ in 0 ..< random.next(below: 8) {
                if random.next(below: 2) == 0 {
                    line += likely(for: line[0], &random)
                } else {
                    line.append(pieces[random.next(below: pieces.count)])
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// A well-formed option or word for `command`.
    private static func likely(for command: String, _ random: inout SplitMix64) -> [String] {
        let common: [[String]] = [["--as", "bob"], ["-C", "."], ["--workspace", "/tmp"], ["--json"], ["word"], ["src/"]]
        let own: [[String]]
        switch command {
        case "lock": own = [["--intent", "fix it"], ["--intent", "refactor"], ["--intent", "x"], ["--ttl", "45m"], ["--quiet"]]
        case "unlock", "check": own = [["--quiet"], ["docs/"]]
        case "renew": own = [["--ttl", "1h"], ["--ttl", "90s"]]
        case "read": own = [["--since", "1h"], ["--limit", "20"], ["--agent", "bob"], ["--grep", "deploy"]]
        case "status": own = [["--entries", "10"], ["--stale-after", "90m"], ["--entries", "0"]]
        case "tasks": own = [["--ready"], ["--mine"], ["--domain", "backend"], ["--status", "open"]]
        case "task": own = [["--next"], ["--domain", "api"], ["--ttl", "20m"], ["--lock"], ["--quiet"]]
        default: own = [["deployed"], ["v2"]]
        }
        let all = common + own + own
        return all[random.next(below: all.count)]
    }
}

/// A small, fast, reproducible random number generator (SplitMix64).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

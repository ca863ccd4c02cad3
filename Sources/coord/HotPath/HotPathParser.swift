import CoordStorage
import CoordinationKit

/// Recognises the plainest spellings of the hottest commands (and of
/// `status`, which agents and `watch` run as often), so that they
/// skip swift-argument-parser's start-up (its first-use conformance lookups
/// cost about ten times the work of a post itself).
///
/// It declines, by returning nil, everything it does not fully understand,
/// and `coord` then hands the arguments to argument-parser unchanged. So
/// argument-parser stays the one definition of every command, its help, its
/// errors and its completions: whatever this accepts, argument-parser parses
/// to the same invocation (`HotPathDifferentialTests` checks thousands of
/// generated command lines), and whatever it declines behaves exactly as
/// argument-parser makes it. Rules checked in a command's `validate()` are
/// checked here too, and a failure declines, so argument-parser reports it.
enum HotPathParser {
    /// The arguments after the executable's name.
    static func parse(_ arguments: ArraySlice<String>) -> HotInvocation? {
        // Root-level options (-C, --help, --version, ...) are argument-parser's.
        guard let name = arguments.first else { return nil }
        let rest = arguments.dropFirst()
        switch name {
        case "post": return post(rest)
        case "lock": return lock(rest)
        case "unlock": return unlock(rest)
        case "renew": return renew(rest)
        case "check": return check(rest)
        case "read": return read(rest)
        case "status": return status(rest)
        case "tasks": return tasks(rest)
        case "task": return rest.first == "claim" ? taskClaim(rest.dropFirst()) : nil
        case "send": return send(rest)
        default: return nil
        }
    }

    private static let boardOptions: [HotArguments.Spelling] = [("-C", "workspace"), ("--workspace", "workspace"), ("--as", "as")]
    private static let json: [HotArguments.Spelling] = [("--json", "json")]
    private static let jsonAndQuiet = json + [("--quiet", "quiet")]

    private static func board(_ arguments: HotArguments) -> BoardChoice {
        BoardChoice(workspace: arguments.value("workspace"), agent: arguments.value("as"))
    }

    private static func post(_ rest: ArraySlice<String>) -> HotInvocation? {
        guard let arguments = HotArguments(rest, options: boardOptions, flags: json),
              !arguments.positionals.isEmpty
        else { return nil }
        return .post(PostInvocation(words: arguments.positionals, board: board(arguments), json: arguments.flag("json")))
    }

    private static func lock(_ rest: ArraySlice<String>) -> HotInvocation? {
        let options = boardOptions + [("--intent", "intent"), ("--ttl", "ttl")]
        guard let arguments = HotArguments(rest, options: options, flags: jsonAndQuiet),
              !arguments.positionals.isEmpty, let intent = arguments.value("intent"), isDuration(arguments.value("ttl"))
        else { return nil }
        return .lock(LockInvocation(paths: arguments.positionals, intent: intent, ttl: arguments.value("ttl"),
                                    quiet: arguments.flag("quiet"), board: board(arguments), json: arguments.flag("json")))
    }

    private static func unlock(_ rest: ArraySlice<String>) -> HotInvocation? {
        guard let arguments = HotArguments(rest, options: boardOptions, flags: jsonAndQuiet),
              !arguments.positionals.isEmpty
        else { return nil }
        return .unlock(UnlockInvocation(paths: arguments.positionals, quiet: arguments.flag("quiet"), board: board(arguments),
                                        json: arguments.flag("json")))
    }

    private static func renew(_ rest: ArraySlice<String>) -> HotInvocation? {
        let options = boardOptions + [("--ttl", "ttl")]
        guard let arguments = HotArguments(rest, options: options, flags: json), isDuration(arguments.value("ttl")) else {
            return nil
        }
        return .renew(RenewInvocation(paths: arguments.positionals, ttl: arguments.value("ttl"), board: board(arguments),
                                      json: arguments.flag("json")))
    }

    private static func check(_ rest: ArraySlice<String>) -> HotInvocation? {
        guard let arguments = HotArguments(rest, options: boardOptions, flags: jsonAndQuiet),
              !arguments.positionals.isEmpty
        else { return nil }
        return .check(CheckInvocation(paths: arguments.positionals, quiet: arguments.flag("quiet"), board: board(arguments),
                                      json: arguments.flag("json")))
    }

    private static func read(_ rest: ArraySlice<String>) -> HotInvocation? {
        let options = boardOptions + [("--since", "since"), ("--limit", "limit"), ("--agent", "agent"), ("--grep", "grep")]
        guard let arguments = HotArguments(rest, options: options, flags: json), arguments.positionals.isEmpty else { return nil }
        var limit = 100
        if let text = arguments.value("limit") {
            guard let number = digits(text) else { return nil }
            limit = number
        }
        return .read(ReadInvocation(since: arguments.value("since"), agent: arguments.value("agent"), grep: arguments.value("grep"),
                                    limit: limit, board: board(arguments), json: arguments.flag("json")))
    }

    private static func status(_ rest: ArraySlice<String>) -> HotInvocation? {
        let options = boardOptions + [("--stale-after", "stale-after"), ("--entries", "entries")]
        guard let arguments = HotArguments(rest, options: options, flags: json), arguments.positionals.isEmpty else { return nil }
        var invocation = StatusInvocation(board: board(arguments), json: arguments.flag("json"))
        if let text = arguments.value("stale-after") {
            guard let seconds = DurationText.seconds(in: text), seconds > 0 else { return nil }
            invocation.staleAfter = text
        }
        if let text = arguments.value("entries") {
            guard let number = digits(text), number <= 50 else { return nil }
            invocation.entries = number
        }
        return .status(invocation)
    }

    private static func tasks(_ rest: ArraySlice<String>) -> HotInvocation? {
        guard let arguments = HotArguments(rest, options: boardOptions + [("--domain", "domain")],
                                           flags: json + [("--ready", "ready"), ("--mine", "mine")]),
              arguments.positionals.isEmpty
        else { return nil }
        return .tasks(TasksInvocation(ready: arguments.flag("ready"), mine: arguments.flag("mine"), domain: arguments.value("domain"),
                                      board: board(arguments), json: arguments.flag("json")))
    }

    /// `task claim --next`, the queue's hot call; a named task is argument-parser's.
    private static func taskClaim(_ rest: ArraySlice<String>) -> HotInvocation? {
        guard let arguments = HotArguments(rest, options: boardOptions + [("--domain", "domain"), ("--ttl", "ttl")],
                                           flags: jsonAndQuiet + [("--next", "next"), ("--lock", "lock")]),
              arguments.positionals.isEmpty, arguments.flag("next"), isDuration(arguments.value("ttl"))
        else { return nil }
        return .taskClaim(TaskClaimInvocation(domain: arguments.value("domain"),
                                              ttl: arguments.value("ttl").flatMap(DurationText.seconds(in:)), lock: arguments.flag("lock"),
                                              quiet: arguments.flag("quiet"), board: board(arguments), json: arguments.flag("json")))
    }

    /// A number written in decimal digits only: argument-parser's Int parsing
    /// decides any other spelling.
    private static func digits(_ text: String) -> Int? {
        guard text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    /// Absent, or a duration `validate()` accepts.
    private static func isDuration(_ text: String?) -> Bool {
        text.map { DurationText.seconds(in: $0) != nil } ?? true
    }
}

import CoordStorage
import CoordinationKit

extension HotPathParser {
    /// `send AGENT… MESSAGE` with board options and `--json`: the plainest send. Every other
    /// option (--subject, --key, --expires, --urgent, --reply-to) is argument-parser's.
    static func send(_ rest: ArraySlice<String>) -> HotInvocation? {
        let options: [HotArguments.Spelling] = [("-C", "workspace"), ("--workspace", "workspace"), ("--as", "as")]
        guard let arguments = HotArguments(rest, options: options, flags: [("--json", "json")]),
              arguments.positionals.count >= 2
        else { return nil }
        return .send(SendInvocation(words: arguments.positionals,
                                    board: BoardChoice(workspace: arguments.value("workspace"), agent: arguments.value("as")),
                                    json: arguments.flag("json")))
    }
}

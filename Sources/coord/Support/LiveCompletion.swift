import ArgumentParser
import CoordinationKit
import CoordStorage

/// Shell completions that offer what is on the board now: decision ids, held
/// paths, worker domains and agents. The shell runs coord to get them, with
/// the words typed so far; a `-C DIR` among them names the board.
enum LiveCompletion {
    static func decisions(_ statuses: Set<DecisionStatus>? = nil) -> CompletionKind {
        .custom { words, _, prefix in complete(words, prefix) { $0.decisionIDs(statuses) } }
    }

    static var heldPaths: CompletionKind {
        .custom { words, _, prefix in
            complete(words, prefix) { vocabulary, environment in
                let agent = try? AgentName.resolve(explicit: value(of: ["--as"], in: words), environment: environment.lookup)
                return vocabulary.heldPaths(holder: agent?.rawValue)
            }
        }
    }

    static var workerDomains: CompletionKind {
        .custom { words, _, prefix in complete(words, prefix) { $0.workerDomains() } }
    }

    static var agents: CompletionKind {
        .custom { words, _, prefix in complete(words, prefix) { $0.agents() } }
    }

    /// The values from `list` that start with `prefix`; nothing when there is no board.
    static func complete(_ words: [String], _ prefix: String, _ list: (BoardVocabulary) -> [String]) -> [String] {
        complete(words, prefix) { vocabulary, _ in list(vocabulary) }
    }

    static func complete(_ words: [String], _ prefix: String,
                         _ list: (BoardVocabulary, CoordEnvironment) -> [String]) -> [String] {
        guard let environment = try? CoordEnvironment.process(),
              let workspace = try? Workspace.discover(explicit: value(of: ["-C", "--workspace"], in: words),
                                                      environment: environment)
        else { return [] }
        return list(BoardVocabulary(workspace), environment).filter { $0.hasPrefix(prefix) }
    }

    /// The value after the last of `names` among `words` (`-C DIR` or `--workspace=DIR`).
    static func value(of names: [String], in words: [String]) -> String? {
        var found: String? = nil
        for (index, word) in words.enumerated() {
            if names.contains(word), index + 1 < words.count { found = words[index + 1] }
            for name in names where name.hasPrefix("--") && word.hasPrefix(name + "=") {
                found = String(word.dropFirst(name.count + 1))
            }
        }
        return found
    }
}

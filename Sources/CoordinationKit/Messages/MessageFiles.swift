import CoordStorage

/// Where messages live: `.coordination/inbox/<agent>.jsonl`, one journal per
/// recipient, `inbox/last-id` (the last message number handed out) and
/// `inbox/cursors/<agent>.json` (where `coord inbox --new` left off).
///
/// File names are the agent name with every byte outside `A-Za-z0-9._-`
/// written as `%XX`, as `.state/seen/` spells them.
public enum MessageFiles {
    public static let folderName = "inbox"
    static let counterName = "last-id"
    static let cursorFolder = "cursors"

    static func baseName(_ agent: String) -> String { String(LastSeen.fileName(agent).dropLast(".json".count)) }

    static func journalName(_ agent: String) -> String { baseName(agent) + ".jsonl" }

    /// The agent whose inbox `name` is, or nil for another file.
    static func agent(fromJournal name: String) -> String? {
        guard name.hasSuffix(".jsonl") else { return nil }
        return LastSeen.agentName(fromFile: String(name.dropLast(".jsonl".count)) + ".json")
    }
}

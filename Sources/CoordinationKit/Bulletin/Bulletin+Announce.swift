import CoordStorage

extension Bulletin {
    /// Posts the line that announces a record already committed elsewhere.
    /// A failure is a warning (see `CommandWarnings`), never an error: the
    /// record stands, and a retry would duplicate it.
    ///
    /// With `lockHeld`, the caller already holds the board lock (it has just
    /// committed the record inside it), and the line is appended in the same
    /// critical section, after the record.
    func announce(_ messages: [String], as agent: AgentName, lockHeld: Bool = false) {
        do {
            if lockHeld {
                _ = try postLocked(messages, escaped: messages.map { try Self.validatedLine($0, line: nil) }, as: agent)
            } else {
                try post(messages, as: agent)
            }
        } catch {
            let reason = (error as? CoordError)?.message ?? "\(error)"
            CommandWarnings.current?.add(
                "The record was saved, but its line in '\(path)' was not posted (\(reason)); post it with coord post if the team should see it.")
        }
    }

    func announce(_ message: String, as agent: AgentName) { announce([message], as: agent) }
}

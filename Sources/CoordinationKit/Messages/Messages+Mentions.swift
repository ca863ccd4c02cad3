import CoordStorage
import FoundationEssentials

/// `@agent` in a bulletin post: the post is also delivered to that agent's
/// inbox, as a message linking back to the entry (its day, time and byte
/// offset in `BULLETIN.md`). Only names the board has seen are delivered to,
/// so an address or a handle in prose (`@latest`, `user@host`) sends nothing.
extension Messages {
    /// The names mentioned in `text`, in order, without repeats: `@` at the start or after a
    /// character that is not a letter, digit, `.`, `_` or `-`, then letters, digits, `.`, `_`
    /// or `-`; a trailing `.` or `-` is punctuation, not part of the name.
    public static func mentions(in text: String) -> [String] {
        var names: [String] = []
        let scalars = Array(text.unicodeScalars)
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isAlphabetic || ("0" ... "9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
        }
        var index = 0
        while index < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "@", index == 0 || !isNameScalar(scalars[index - 1]) else { continue }
            var end = index + 1
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            var name = String(String.UnicodeScalarView(scalars[(index + 1) ..< end]))
            while name.hasSuffix(".") || name.hasSuffix("-") { name.removeLast() }
            if !name.isEmpty, AgentName.problem(with: name) == nil, !names.contains(name) { names.append(name) }
            index = end - 1
        }
        return names
    }

    /// Delivers each of `entries` that mentions agents to their inboxes, as `agent`, unless
    /// `enabled` (asked only when some entry mentions someone: the board's `bulletin.mentions`)
    /// says no. The posts are already on the bulletin, so nothing here fails the command: a
    /// problem becomes a warning.
    @discardableResult
    public func deliverMentions(_ entries: [BulletinEntry], as agent: AgentName, enabled: () -> Bool = { true }) -> [Delivery] {
        let wanted = entries.map { (entry: $0, names: Self.mentions(in: $0.message).filter { $0 != agent.rawValue }) }
        guard wanted.contains(where: { !$0.names.isEmpty }), enabled() else { return [] }
        let folder = try? folder(create: false)
        var known: Set<String>? = nil
        var deliveries: [Delivery] = []
        for (entry, names) in wanted where !names.isEmpty {
            var recipients: [String] = []
            for name in names {
                if folder?.exists(MessageFiles.journalName(name)) == true {
                    recipients.append(name)
                    continue
                }
                if known == nil { known = knownAgents() }
                if known!.contains(name) {
                    recipients.append(name)
                } else {
                    CommandWarnings.current?.addNote("@\(name) names no agent this board has seen, so no message was sent to it.")
                }
            }
            guard !recipients.isEmpty else { continue }
            var draft = MessageDraft(recipients: recipients, text: entry.message)
            draft.subject = "mention"
            draft.mention = MentionLink(date: entry.date.description, time: entry.time.description, offset: entry.offset)
            do {
                deliveries += try deliver(draft, as: agent, warning: false)
            } catch let error as CoordError {
                CommandWarnings.current?.add("The post was written, but its mentions were not delivered: \(error.message)")
            } catch {
                CommandWarnings.current?.add("The post was written, but its mentions were not delivered: \(error).")
            }
        }
        return deliveries
    }
}

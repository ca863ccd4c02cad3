import CoordStorage
import CoordinationKit

/// The direct-message tools: `coord send`, `inbox`, `inbox ack`, `inbox done` and `sent`.
extension BoardToolCatalog {
    static let messageTools: [BoardTool] = [
        BoardTool(
            name: "send", title: "Send a direct message",
            description:
                "Send a message to one or more agents' inboxes; returns one id per recipient (M-7). A recipient the board has never seen gets it anyway, with a warning naming near matches. key folds repeats: while the message with that key is unread, sending it again raises its count instead of adding a message.",
            command: ["send", "--json"],
            arguments: [
                .positional("recipients", .strings, "The agents to send to.", required: true),
                .positional("message", .string, "The message, at most 4,000 bytes.", required: true),
                .option("subject", .string, "A short subject line."),
                .option("reply_to", .string, "The message this one answers, such as M-7."),
                .option("key", .string, "Fold repeats of this alert while it is unread (letters, digits, '.', '_', ':', '-')."),
                .option("expires", .string, "After this long the message no longer counts as unread: \(durations)."),
                .option("urgent", .boolean, "Mark the message urgent."),
            ],
            readOnly: false,
            summary: { document in
                let items = (document["deliveries"]?.arrayValue ?? []).map {
                    "\($0["id"]?.stringValue ?? "?") to \($0["recipient"]?.stringValue ?? "?")"
                }
                return "Sent " + (items.isEmpty ? "nothing" : items.joined(separator: ", ")) + "."
            }),
        BoardTool(
            name: "inbox", title: "Read your inbox",
            description:
                "List the direct messages sent to you. Listing marks nothing read: acknowledge with inbox_ack, finish with inbox_done. Default: messages not done yet; unread: only unread ones; all: the whole history; new: only what arrived since your previous new.",
            command: ["inbox", "--json"],
            arguments: [
                .option("unread", .boolean, "Only messages not read yet (and not expired)."),
                .option("all", .boolean, "Every message, done and expired ones too."),
                .option("new", .boolean, "Only what arrived since your previous new listing."),
                .option("from", .string, "Only messages from this agent."),
            ],
            readOnly: false,
            summary: { "\($0["messages"]?.arrayValue?.count ?? 0) messages, \($0["unread"]?.integerValue ?? 0) unread." }),
        BoardTool(
            name: "inbox_ack", title: "Mark messages read",
            description: "Record that you have read messages (M-7), so their senders see them as read.",
            command: ["inbox", "ack", "--json"],
            arguments: [.positional("ids", .strings, "The messages you have read, such as M-7.", required: true)],
            readOnly: false, idempotent: true,
            summary: { "Read: " + recorded($0) + "." }),
        BoardTool(
            name: "inbox_done", title: "Mark messages done",
            description: "Record that you have acted on messages (which reads them too), with an optional note for the sender.",
            command: ["inbox", "done", "--json"],
            arguments: [
                .positional("ids", .strings, "The messages you have acted on, such as M-7.", required: true),
                .option("note", .string, "What you did, for the sender."),
            ],
            readOnly: false, idempotent: true,
            summary: { "Done: " + recorded($0) + "." }),
        BoardTool(
            name: "sent", title: "Messages you sent",
            description: "List the messages you sent that are not done yet, with each recipient's status; unacked lists only those not read yet.",
            command: ["sent", "--json"],
            arguments: [.option("unacked", .boolean, "Only messages the recipient has not read yet.")],
            readOnly: true, idempotent: true,
            summary: { "\($0["messages"]?.arrayValue?.count ?? 0) messages still open." }),
    ]

    private static func recorded(_ document: JSONValue) -> String {
        let items = (document["recorded"]?.arrayValue ?? []).compactMap(\.stringValue)
        return items.isEmpty ? "nothing new" : items.joined(separator: ", ")
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

struct SentCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "sent",
        abstract: "Show the messages you sent that are still unread or not done.",
        discussion: """
            Reads every inbox for your messages that the recipient has not marked done
            (coord inbox done); --unacked shows only those not yet read (coord inbox ack).

            Examples:
              coord sent
              coord sent --unacked --json
            """
    )

    @Flag(help: "Only messages the recipient has not read yet.")
    var unacked = false

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        let agent = try context.agent(board)
        let sent = try Messages(workspace).sent(by: agent, unreadOnly: unacked)
        let now = workspace.clock.now()
        if output.json { return try context.printJSON(SentDocument(sent, agent: agent.rawValue, now: now)) }
        context.print(MessageText.sentListing(sent, now: now, zone: workspace.timeZone, style: context.textStyle))
    }
}

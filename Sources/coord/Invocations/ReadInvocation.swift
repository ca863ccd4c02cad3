import CoordStorage
import CoordinationKit

/// A parsed `coord read`.
struct ReadInvocation: Equatable {
    var since: String? = nil
    var date: String? = nil
    var agent: String? = nil
    var grep: String? = nil
    var limit = 100
    var follow = false
    /// `--at TIME`: the board as it was then.
    var at: String? = nil
    var board = BoardChoice()
    var json = false

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: at)
        let zone = workspace.timeZone
        let query = BulletinQuery(
            since: try since.map { try DurationText.since($0, now: workspace.clock.now(), zone: zone) },
            date: date.flatMap(CivilDate.init), agent: agent, grep: grep, limit: limit == 0 ? nil : limit)
        let bulletin = Bulletin(workspace)
        // Watch (and take over SIGINT) before the first read, so Ctrl-C at any
        // point ends a follow cleanly and no entry slips between read and watch.
        if follow { ProcessIO.holdTerminationSignals() }
        let waiter = follow ? try ChangeWaiter(watching: workspace.board) : nil
        let start = follow ? try bulletin.end() : 0
        var listing = BulletinListing(style: context.textStyle)
        try show(try bulletin.read(query), context: context, zone: zone, listing: &listing)
        guard follow else { return }
        _ = try bulletin.follow(from: start, query: query, waiter: waiter) { entries in
            try show(entries, context: context, zone: zone, listing: &listing)
        }
    }

    private func show(_ entries: [BulletinEntry], context: CommandContext, zone: BoardTimeZone,
                      listing: inout BulletinListing) throws {
        if json {
            for entry in entries { try context.printJSONLine(BulletinEntryView(entry, zone: zone)) }
        } else if let text = listing.text(entries) {
            context.print(text)
        }
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit
import FoundationEssentials

struct LocksCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "locks",
        abstract: "Show who holds which paths, until when, and why.",
        discussion: """
            Lists the locks that block others now, with their remaining time. A lock past
            its expiry but inside its 30s grace is shown as expired and still blocks.
            --all shows recent history instead: every grant with how it ended (released,
            broken with the reason, or expired).

            Examples:
              coord locks
              coord locks --all --limit 50
              coord locks --json | jq -r '.locks[] | "\\(.path) \\(.holder)"'
            """
    )

    @Flag(help: "Show recent history: released, broken and expired locks as well.")
    var all = false

    @Option(help: ArgumentHelp("With --all, at most N grants, the most recent.", valueName: "N"))
    var limit: Int = 50

    @OptionGroup var board: BoardOptions
    @OptionGroup var moment: MomentOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if limit < 1 { throw ValidationError("--limit takes a positive number, not \(limit).") }
    }

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board, at: moment)
        let locks = try context.locks(workspace)
        let presenter = LockPresenter(workspace)
        let grace = locks.settings.grace
        let history = all ? try locks.history(limit: limit) : []
        let current = all ? [] : try locks.current().grants
        if output.json {
            let views = all ? history.map { LockView($0, now: presenter.now, grace: grace) }
                : current.map(presenter.view)
            return try context.printJSON(LocksDocument(now: presenter.now, locks: views))
        }
        if history.isEmpty && current.isEmpty {
            context.print(all ? "No locks in the recent history." : "No locks are held.")
            return
        }
        var rows = [["TOKEN", "PATH", "HOLDER", "SINCE", all ? "STATE" : "UNTIL", "INTENT"]]
        rows += history.map { historyRow($0, presenter) }
        rows += current.map { grant in
            ["\(grant.token)", grant.path.description, grant.holder, clock(grant.since, presenter),
             clock(grant.expires, presenter) + " ("
                + LockText.remaining(grant, now: presenter.now, grace: grace, zone: presenter.zone) + ")",
             Escaping.escape(grant.intent)]
        }
        for line in Self.columns(rows) { context.print(line) }
    }

    private func clock(_ date: Date, _ presenter: LockPresenter) -> String {
        LockText.clock(date, zone: presenter.zone, now: presenter.now)
    }

    private func historyRow(_ entry: Locks.HistoryEntry, _ presenter: LockPresenter) -> [String] {
        let grant = entry.grant
        let state: String
        switch entry.ending {
        case .held(let held):
            state = (held == .live ? "held until " : "in grace, expired ") + clock(grant.expires, presenter)
        case .released(let at): state = "released " + clock(at, presenter)
        case .broken(let at, let by, let reason): state = "broken by \(by) \(clock(at, presenter)): \(Escaping.escape(reason))"
        case .expired(let at): state = "expired " + clock(at, presenter)
        }
        return ["\(grant.token)", grant.path.description, grant.holder, clock(grant.since, presenter), state,
                Escaping.escape(grant.intent)]
    }

    /// Left-aligned columns two spaces apart; the last column is not padded.
    static func columns(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let sizes = (0 ..< width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == width - 1 ? cell : cell + String(repeating: " ", count: sizes[index] - cell.count)
            }.joined(separator: "  ")
        }
    }
}

import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord remote …`: the git remote that makes one board span several hosts.
struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "Share this board with other hosts through a git remote (add, list, remove).",
        discussion: """
            With a remote, lock grants, task claims and ids, and decisions are decided
            against the remote's refs/coord/exclusive ref (fetch, decide, push; a
            rejected push is retried), so every host sees exactly one winner; a host
            that cannot reach the remote refuses them with exit status 7. Bulletin
            lines are exchanged by 'coord sync'. Git runs with its own folder,
            .coordination/remote/git; the workspace's repository is never touched.
            See docs/multi-host.md.

            Examples:
              git init --bare /srv/board.git
              git -C /srv/board.git config receive.denyNonFastForwards true
              git -C /srv/board.git config receive.denyDeletes true
              coord remote add origin file:///srv/board.git
              coord remote list --json
              coord remote set-url origin ssh://build@ci.example.com/srv/board.git
              coord remote remove origin
            """,
        subcommands: [RemoteAddCommand.self, RemoteListCommand.self, RemoteSetURLCommand.self, RemoteRemoveCommand.self]
    )
}

struct RemoteAddCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add the board's remote (one per board); the remote must be reachable.",
        discussion: """
            The first board added to an empty remote starts its history with its own
            locks, tasks, decisions and message ids; a board joining a remote that has
            a history must have empty lock, task, decision and message id journals and
            must not have sent messages of its own (a fresh 'coord init').
            Any URL git accepts works: file://, ssh://, https://, git://.

            Examples:
              coord remote add origin file:///srv/board.git
              coord remote add origin ssh://build@ci.example.com/srv/board.git
            """
    )

    @Argument(help: ArgumentHelp("A name for the remote, such as origin.", valueName: "name"))
    var name: String
    @Argument(help: ArgumentHelp("The remote's URL, as git takes it.", valueName: "url"))
    var url: String
    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let workspace = try context.workspace(board)
        context.print(try Remotes(workspace).add(name: name, url: url, messages: Messages(workspace)).text)
    }
}

struct RemoteListCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Show the board's remote, this host's id and the last successful sync.",
        discussion: """
            Examples:
              coord remote list
              coord remote list --json | jq -r '.remotes[].lastSync'
            """
    )

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let document = try Remotes(try context.workspace(board)).list()
        if output.json { try context.printJSON(document) } else { context.print(Remotes.text(document)) }
    }
}

struct RemoteRemoveCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove the board's remote: the board is decided locally again.",
        discussion: """
            Nothing is deleted on the remote. This host's id and sync positions are
            kept, so adding the same remote again resumes where it stopped.

            Examples:
              coord remote remove origin
            """
    )

    @Argument(help: ArgumentHelp("The remote's name.", valueName: "name"))
    var name: String
    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        try Remotes(try context.workspace(board)).remove(name: name)
        context.print("Removed \(name); this board is local again.")
    }
}

struct RemoteSetURLCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "set-url",
        abstract: "Point the board's remote at another URL (it need not be reachable now).",
        discussion: """
            Examples:
              coord remote set-url origin file:///mnt/backup/board.git
            """
    )

    @Argument(help: ArgumentHelp("The remote's name.", valueName: "name"))
    var name: String
    @Argument(help: ArgumentHelp("The new URL, as git takes it.", valueName: "url"))
    var url: String
    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        try Remotes(try context.workspace(board)).setURL(name: name, url: url)
        context.print("\(name) now points at \(url).")
    }
}

import ArgumentParser

/// The root command: configuration and the list of subcommands, nothing else.
struct Coord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coord",
        abstract: "Coordinate agents, cron jobs and people through plain files in .coordination/.",
        discussion: """
            The board is a folder of append-only files that anyone can cat.

            The protocol every agent follows:
              1. Read before acting.     coord read --since 2h; coord locks;
                                         coord decisions --unacked
              2. Lock before touching.   coord lock PATH --intent "..."
                                         (exit 3: someone else holds it)
              3. Post after acting.      coord post "merged PR #31"
              4. Log actions, not intentions: "starting to think about X"
                 is noise; "tests pass on main" is an event.

            Start here:
              coord init                  create .coordination/ in this folder
              coord status                who is doing what, what is stuck
              coord help <command>        each command, with examples

            Read commands take --json and --at TIME (the board as it was
            then); they never write to the board. -C DIR goes before or
            after the subcommand: coord -C ../other status.

            Exit status: 0 ok, 1 error, 3 conflict (held by someone else),
            4 refused (not yours, or the wrong state), 5 not found, 6 nothing
            ready (task claim --next), 7 remote unreachable, 64 usage.

            Environment: COORD_AGENT (who you are), COORD_WORKSPACE (where
            the board is), COORD_NOW (pin the clock to an ISO 8601 instant),
            COLUMNS (output width), NO_COLOR (plain output).
            Shell completion: coord --generate-completion-script bash|zsh|fish.
            """,
        version: CoordVersion.current,
        subcommands: [
            InitCommand.self,
            PostCommand.self,
            ReadCommand.self,
            DoctorCommand.self,
            StatusCommand.self,
            ObserveCommand.self,
            DecideCommand.self,
            DecisionsCommand.self,
            DecisionCommand.self,
            AckCommand.self,
            ApproveCommand.self,
            RejectCommand.self,
            VoteCommand.self,
            ImportCommand.self,
            ExportCommand.self,
            WorkerCommand.self,
            WorkersCommand.self,
            LaunchCommand.self,
            BriefCommand.self,
            LockCommand.self,
            UnlockCommand.self,
            RenewCommand.self,
            LocksCommand.self,
            CheckCommand.self,
            RunCommand.self,
            SynthesizeCommand.self,
            TaskCommand.self,
            TasksCommand.self,
            TrailerCommand.self,
            MCPCommand.self,
            ConfigCommand.self,
            HookCommand.self,
            HeartbeatCommand.self,
            RemoteCommand.self,
            SyncCommand.self,
            SendCommand.self,
            InboxCommand.self,
            SentCommand.self,
        ]
    )

    /// `coord -C DIR status`: the workspace, before the subcommand as in git.
    /// Every board command reads it through `BoardOptions`.
    @Option(name: [.customShort("C"), .customLong("workspace")],
            help: ArgumentHelp("Use the board in DIR (before or after the subcommand).", valueName: "DIR"),
            completion: .directory)
    var workspace: String?
}

enum CoordVersion {
    static let current = "0.1.0"
}

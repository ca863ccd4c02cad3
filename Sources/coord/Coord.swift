import ArgumentParser

/// The root command: configuration and the list of subcommands, nothing else.
struct Coord: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coord",
        abstract: "Coordinate agents, cron jobs and people through plain files in .coordination/.",
        discussion: """
            The board is a folder of append-only files that anyone can cat. Agents read
            before acting and post after acting; locks say who is working where, until when.

            Start here:
              coord init                        create .coordination/ in this folder
              coord read --since 2h             what happened while you were away
              coord post "tests pass on main"   say what you did (actions, not intentions)

            Exit status: 0 ok, 1 error, 3 conflict (held by someone else), 4 refused
            (not yours, or the wrong state), 5 not found, 64 usage.
            Environment: COORD_AGENT (who you are), COORD_WORKSPACE (where the board is),
            COORD_NOW (pin the clock to an ISO 8601 instant), NO_COLOR (plain output).
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
        ]
    )
}

enum CoordVersion {
    static let current = "0.1.0"
}

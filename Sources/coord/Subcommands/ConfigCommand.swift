import ArgumentParser
import CoordStorage
import CoordinationKit

/// `coord config …`: the board's defaults in `.coordination/config.json`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show and change the board's defaults (lock TTL, grace, stale threshold, hook behaviour).",
        discussion: """
            The settings live in .coordination/config.json, one JSON object of dotted
            keys with a "version". A key the file does not set takes its default.
            'set' and 'unset' edit the file under the board lock and replace it
            atomically; a bad value is refused and the file is left as it was.
            docs/config.md describes every key.

            Examples:
              coord config list
              coord config set locks.ttl 45m
              coord config get workers.stale-after
              coord config set hooks.pre-edit ask
              coord config unset locks.ttl
            """,
        subcommands: [ConfigListCommand.self, ConfigGetCommand.self, ConfigSetCommand.self, ConfigUnsetCommand.self]
    )
}

struct ConfigListCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print every setting with its value, marking defaults."
    )

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let view = SettingsView(try BoardSettings.load(try context.workspace(board)))
        if output.json { return try context.printJSON(view) }
        context.print(view.text)
    }
}

struct ConfigGetCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one setting's value (its default when the board does not set it)."
    )

    @Argument(help: ArgumentHelp("The setting, for example locks.ttl.", valueName: "key"))
    var key: String

    @OptionGroup var board: BoardOptions
    @OptionGroup var output: OutputOptions

    func execute(in context: CommandContext) throws {
        let key = try SettingKey.named(key)
        let settings = try BoardSettings.load(try context.workspace(board))
        if output.json { return try context.printJSON(SettingsView(settings, keys: [key])) }
        context.print(settings.text(of: key))
    }
}

struct ConfigSetCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set one setting in .coordination/config.json."
    )

    @Argument(help: ArgumentHelp("The setting, for example locks.ttl.", valueName: "key"))
    var key: String

    @Argument(help: ArgumentHelp("Its new value, for example 45m.", valueName: "value"))
    var value: String

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let key = try SettingKey.named(key)
        let stored = try BoardSettings.set(key, to: value, in: try context.workspace(board))
        context.print(key.assignment(stored))
    }
}

struct ConfigUnsetCommand: BoardCommand {
    static let configuration = CommandConfiguration(
        commandName: "unset",
        abstract: "Remove one setting from .coordination/config.json, so its default applies."
    )

    @Argument(help: ArgumentHelp("The setting, for example locks.ttl.", valueName: "key"))
    var key: String

    @OptionGroup var board: BoardOptions

    func execute(in context: CommandContext) throws {
        let key = try SettingKey.named(key)
        let workspace = try context.workspace(board)
        try BoardSettings.unset(key, in: workspace)
        context.print(key.defaultAssignment)
    }
}

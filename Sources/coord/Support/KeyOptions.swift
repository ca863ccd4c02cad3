import ArgumentParser
import CoordStorage
import CoordinationKit

/// `--key K` for every command that appends a primary record: a retry after
/// an unclear failure repeats nothing (see `IdempotencyKey`).
struct KeyOptions: ParsableArguments {
    @Option(name: .customLong("key"),
            help: ArgumentHelp(
                "Make a retry safe: a second call by the same agent with the same KEY within a day writes nothing and prints the first call's result.",
                valueName: "KEY"))
    var key: String?

    func validate() throws {
        do {
            _ = try value
        } catch let error as CoordError {
            throw ValidationError(error.message)
        }
    }

    /// The checked key, or nil without `--key`.
    var value: IdempotencyKey? {
        get throws { try key.map(IdempotencyKey.init) }
    }
}

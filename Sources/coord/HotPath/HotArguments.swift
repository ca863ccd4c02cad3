/// The arguments after a hot subcommand's name, split into positionals,
/// option values and flags, or nil when any of them is not plainly understood.
///
/// Plain means: every option or flag is spelled exactly as listed and given at
/// most once (counting its aliases), every option takes the next argument as
/// its value, and no positional or value is empty, starts with `-`, or is
/// `help`. Anything else (`--`, `=` forms, bundled short flags, negative
/// numbers, unknown or repeated options) is argument-parser's to handle.
struct HotArguments {
    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// `options` and `flags` map each accepted spelling to the name it sets.
    init?(_ arguments: ArraySlice<String>, options: [String: String], flags: [String: String]) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard Self.isPlainValue(argument) else { return nil }
                positionals.append(argument)
                continue
            }
            if let name = options[argument] {
                guard index < arguments.endIndex, values[name] == nil, Self.isPlainValue(arguments[index]) else { return nil }
                values[name] = arguments[index]
                index += 1
            } else if let name = flags[argument] {
                guard self.flags.insert(name).inserted else { return nil }
            } else {
                return nil
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// A positional or option value that argument-parser reads the same way in
    /// every position.
    static func isPlainValue(_ argument: String) -> Bool {
        guard let first = argument.utf8.first, first != UInt8(ascii: "-") else { return false }
        return argument != "help"
    }
}

/// The arguments after a hot subcommand's name, split into positionals,
/// option values and flags, or nil when any of them is not plainly understood.
///
/// Plain means: every option or flag is spelled exactly as listed and given at
/// most once (counting its aliases), every option takes the next argument as
/// its value, and no positional or value is empty, starts with `-`, or is
/// `help`. Anything else (`--`, `=` forms, bundled short flags, negative
/// numbers, unknown or repeated options) is argument-parser's to handle.
///
/// Plain arrays, not dictionaries or sets: a first `Dictionary<String, _>`
/// costs a runtime conformance lookup that scans every conformance record in
/// the binary, more than parsing itself.
struct HotArguments {
    /// An accepted spelling and the name it sets (aliases share a name).
    typealias Spelling = (spelling: String, name: String)

    private(set) var positionals: [String] = []
    private var values: [(name: String, value: String)] = []
    private var flags: [String] = []

    init?(_ arguments: ArraySlice<String>, options: [Spelling], flags: [Spelling]) {
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.utf8.first == UInt8(ascii: "-") else {
                guard Self.isPlainValue(argument) else { return nil }
                positionals.append(argument)
                continue
            }
            if let name = Self.name(of: argument, in: options) {
                guard index < arguments.endIndex, value(name) == nil, Self.isPlainValue(arguments[index]) else { return nil }
                values.append((name, arguments[index]))
                index += 1
            } else if let name = Self.name(of: argument, in: flags) {
                guard !flag(name) else { return nil }
                self.flags.append(name)
            } else {
                return nil
            }
        }
    }

    func value(_ name: String) -> String? { values.first { $0.name == name }?.value }

    func flag(_ name: String) -> Bool { flags.contains { $0 == name } }

    private static func name(of argument: String, in spellings: [Spelling]) -> String? {
        spellings.first { $0.spelling == argument }?.name
    }

    /// A positional or option value that argument-parser reads the same way in
    /// every position.
    static func isPlainValue(_ argument: String) -> Bool {
        guard let first = argument.utf8.first, first != UInt8(ascii: "-") else { return false }
        return argument != "help"
    }
}

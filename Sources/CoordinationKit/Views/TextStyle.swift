/// How text views emphasise: plain unless the caller knows its output is a
/// colour terminal (the executable decides from `NO_COLOR`, `TERM` and the
/// descriptor). The codes are ANSI SGR parameters: `1` bold, `2` dim, `31` red.
public struct TextStyle: Sendable, Equatable {
    public var colour: Bool

    public init(colour: Bool) { self.colour = colour }

    /// No escape sequences at all: files, pipes and tests.
    public static let plain = TextStyle(colour: false)

    /// `text` wrapped in the SGR `code`, or `text` itself when plain.
    public func apply(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

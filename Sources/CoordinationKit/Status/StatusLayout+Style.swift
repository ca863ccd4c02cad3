import CoordStorage

extension StatusLayout {
    /// The layout for an output `columns` wide (nil when that is unknown: not a
    /// terminal and no `COLUMNS`), never narrower than `minimumWidth`, with
    /// headings bold, alerts red, dim text dim and names cyan when `style` colours.
    public init(columns: Int?, style: TextStyle) {
        self.init(width: max(Self.minimumWidth, columns ?? Self.defaultWidth),
                  style: { text, emphasis in style.apply(text, emphasis.code) })
    }

    /// The status screen as text, its lines joined (no final newline).
    public func text(_ report: StatusReport) -> String { render(report).joined(separator: "\n") }
}

extension StatusLayout.Emphasis {
    /// The ANSI SGR parameter of this emphasis.
    var code: String {
        switch self {
        case .heading: "1"
        case .alert: "31"
        case .dim: "2"
        case .name: "36"
        }
    }
}

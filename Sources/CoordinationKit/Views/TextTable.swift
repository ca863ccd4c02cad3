/// Left-aligned columns two spaces apart, the last column not padded: the
/// tables of `coord locks` and `coord workers`.
public enum TextTable {
    /// One line per row; every row has as many cells as the first.
    public static func lines(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let sizes = (0 ..< width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == width - 1 ? cell : cell + String(repeating: " ", count: sizes[index] - cell.count)
            }.joined(separator: "  ")
        }
    }

    /// Pads `text` with spaces to `width` characters.
    public static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

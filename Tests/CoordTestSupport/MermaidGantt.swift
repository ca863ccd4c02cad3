/// A structural check of a Mermaid `gantt` block in Markdown: the shape
/// Mermaid's gantt grammar accepts for the charts coord writes. No renderer is
/// assumed; this checks each line against that grammar.
public enum MermaidGantt {
    public struct Chart: Sendable, Equatable {
        public var title: String?
        /// Section titles with their task names, in order.
        public var sections: [(String, [String])]

        public static func == (a: Chart, b: Chart) -> Bool {
            a.title == b.title && a.sections.map(\.0) == b.sections.map(\.0) && a.sections.map(\.1) == b.sections.map(\.1)
        }
    }

    /// The chart in `markdown`, or the first problem found.
    public static func parse(_ markdown: String) -> Result<Chart, Problem> {
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let open = lines.firstIndex(of: "```mermaid") else { return .failure(Problem("no ```mermaid block")) }
        guard open + 1 < lines.count, lines[open + 1] == "gantt" else { return .failure(Problem("the block does not start with gantt")) }
        var chart = Chart(title: nil, sections: [])
        var index = open + 2
        var closed = false
        var format: String?
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line == "```" { closed = true; break }
            guard line.hasPrefix("    ") else { return .failure(Problem("line \(index) is not indented: \(line)")) }
            let body = String(line.dropFirst(4))
            if body.hasPrefix("%%") { continue }
            if body.hasPrefix("title ") { chart.title = String(body.dropFirst(6)); continue }
            if body.hasPrefix("dateFormat ") { format = String(body.dropFirst(11)); continue }
            if body.hasPrefix("axisFormat ") { continue }
            if body.hasPrefix("section ") { chart.sections.append((String(body.dropFirst(8)), [])); continue }
            guard !chart.sections.isEmpty else { return .failure(Problem("line \(index) is a task before any section")) }
            guard format == "YYYY-MM-DD HH:mm" else { return .failure(Problem("no dateFormat YYYY-MM-DD HH:mm before the tasks")) }
            switch task(body) {
            case .success(let name): chart.sections[chart.sections.count - 1].1.append(name)
            case .failure(let problem): return .failure(Problem("line \(index): \(problem.reason): \(line)"))
            }
        }
        guard closed else { return .failure(Problem("the block is not closed with ```")) }
        guard chart.sections.contains(where: { !$0.1.isEmpty }) else { return .failure(Problem("the chart has no task")) }
        return .success(chart)
    }

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var reason: String
        init(_ reason: String) { self.reason = reason }
        public var description: String { reason }
    }

    /// `name :tag, START, END`: the name has no `:`, `;` or `#`; tags are Mermaid's;
    /// times match the date format and the start is not after the end.
    static func task(_ body: String) -> Result<String, Problem> {
        guard let colon = body.firstIndex(of: ":") else { return .failure(Problem("a task needs ':'")) }
        let name = String(body[..<colon])
        guard name.hasSuffix(" "), !name.trimmingSpaces.isEmpty, !name.contains(where: { ";#".contains($0) }) else {
            return .failure(Problem("a task name must be plain text followed by a space"))
        }
        var fields = body[body.index(after: colon)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingSpaces }
        while let first = fields.first, ["active", "crit", "done", "milestone"].contains(first) { fields.removeFirst() }
        guard fields.count == 2 else { return .failure(Problem("a task needs a start and an end")) }
        guard fields.allSatisfy(isTime) else { return .failure(Problem("times must read YYYY-MM-DD HH:mm")) }
        guard fields[0] <= fields[1] else { return .failure(Problem("the task ends before it starts")) }
        return .success(name.trimmingSpaces)
    }

    static func isTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 16 else { return false }
        for (i, b) in bytes.enumerated() {
            switch i {
            case 4, 7: if b != UInt8(ascii: "-") { return false }
            case 10: if b != UInt8(ascii: " ") { return false }
            case 13: if b != UInt8(ascii: ":") { return false }
            default: if b < 0x30 || b > 0x39 { return false }
            }
        }
        return true
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

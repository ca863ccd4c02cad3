/// What `coord init` and `coord doctor` print without `--json`.
extension InitReport {
    public var text: String {
        var lines: [String] = []
        if created.isEmpty {
            lines.append("Board already initialised at \(board); nothing to create.")
        } else {
            lines.append("Initialised board at \(board) (format \(format), times in \(timezone)).")
            lines += created.map { "  created \($0)" }
            lines += existing.map { "  kept    \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension DoctorReport {
    public var text: String {
        var lines = ["Board \(board): format \(format), times in \(timezone), on \(filesystem)."]
        if healthy { lines.append("No problems found.") }
        for finding in findings {
            let place = finding.line.map { "\(finding.path):\($0)" } ?? finding.path
            lines.append("\(finding.severity.rawValue): \(place): \(finding.message)")
            if let text = finding.text { lines.append("    \(text)") }
        }
        return lines.joined(separator: "\n")
    }
}

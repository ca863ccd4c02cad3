import CoordStorage

/// `--via CMD`: an external command (a local LLM CLI, a summariser) reads the
/// deterministic report on its standard input; what it writes becomes the
/// "Narrative" section. Its failure never costs the report: the section then
/// says what went wrong.
extension Synthesis {
    public func narrative(for markdown: String, via command: ExternalCommand) -> SynthesisReport.Narrative {
        let result = command.run(input: Array(markdown.utf8))
        let name = command.arguments.joined(separator: " ")
        let limit = DurationText.format(seconds: Int64(command.timeLimitSeconds.rounded(.up)))
        func failure(_ problem: String, _ outcome: SynthesisReport.Narrative.Outcome = .failed) -> SynthesisReport.Narrative {
            SynthesisReport.Narrative(command: command.arguments, outcome: outcome, text: nil, problem: problem)
        }
        switch result.ending {
        case .notStarted(let reason):
            return failure("'\(name)' could not be started: \(reason).")
        case .timedOut:
            return failure("'\(name)' did not finish within \(limit) and was stopped.", .timedOut)
        case .signalled(let signal):
            return failure("'\(name)' was killed by signal \(signal).")
        case .exited(let status) where status != 0:
            let detail = Self.firstLine(result.errorOutput).map { ": \($0)" } ?? ""
            return failure("'\(name)' exited with status \(status)\(detail).")
        case .exited:
            var text = String(decoding: result.output, as: UTF8.self)
            while text.last?.isWhitespace == true { text.removeLast() }
            guard !text.isEmpty else { return failure("'\(name)' finished without writing anything.") }
            if result.outputTruncated { text += "\n\n[cut at \(command.outputLimit) bytes]" }
            return SynthesisReport.Narrative(command: command.arguments, outcome: .written, text: text, problem: nil)
        }
    }

    /// The first non-empty line of a command's error output, escaped and shortened.
    static func firstLine(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { !$0.allSatisfy(\.isWhitespace) }) else { return nil }
        let escaped = Escaping.escape(line.trimmingSpaces)
        return escaped.count > 200 ? String(escaped.prefix(200)) + "…" : escaped
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        var text = self
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}

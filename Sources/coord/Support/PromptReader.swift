import CoordStorage
import CoordinationKit

/// Asks for what a command's flags left out, when standard input is a terminal
/// (`coord launch` and `coord brief`, as the Meta-Observer pattern's launcher
/// prompts). Command tests feed the answers as the context's input.
final class PromptReader {
    private let context: CommandContext
    private var offset = 0

    init(_ context: CommandContext) { self.context = context }

    /// Asks `question` until `parse` accepts the answer; nil at end of input.
    func ask<T>(_ question: String, _ parse: (String) throws -> T) -> T? {
        while true {
            context.prompt(question)
            guard let answer = readLine() else {
                context.prompt("\n")
                return nil
            }
            do {
                return try parse(answer.trimmingSpaces)
            } catch let error as CoordError {
                context.printError("coord: \(error.message)")
            } catch {
                context.printError("coord: \(error)")
            }
        }
    }

    private func readLine() -> String? {
        guard let input = context.input else { return ProcessIO.readLine() }
        guard offset < input.count else { return nil }
        var end = offset
        while end < input.count && input[end] != UInt8(ascii: "\n") { end += 1 }
        let line = String(decoding: input[offset ..< end], as: UTF8.self)
        offset = end + 1
        return line
    }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return String(text)
    }
}

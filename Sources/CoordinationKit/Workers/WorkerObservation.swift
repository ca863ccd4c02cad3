import CoordStorage

/// What a worker reports after a phase (`coord worker update`): the
/// Meta-Observer pattern's fields, each of which may repeat, plus free notes.
public struct WorkerObservation: Sendable, Equatable {
    public var completed: [String] = []
    public var discoveries: [String] = []
    public var impact: [String] = []
    /// New blockers: the worker is `blocked` until an update with `unblocked`.
    public var blockers: [String] = []
    /// Clears every open blocker (new `blockers` in the same update stay open).
    public var unblocked = false
    /// Context usage in percent (0–100).
    public var context: Int? = nil
    public var next: [String] = []
    public var files: [String] = []
    public var commits: [String] = []
    public var notes: [String] = []
    /// Allows recording on a worker that is already complete.
    public var reopen = false

    public init() {}

    /// The longest single text, in bytes: enough for a paragraph, small enough
    /// that a record stays one modest line.
    public static let maximumTextBytes = 4000

    public var isEmpty: Bool {
        completed.isEmpty && discoveries.isEmpty && impact.isEmpty && blockers.isEmpty && !unblocked
            && context == nil && next.isEmpty && files.isEmpty && commits.isEmpty && notes.isEmpty
    }

    /// Refuses empty or oversized texts and a context outside 0–100.
    public func validate() throws {
        if isEmpty { throw CoordError.emptyObservation() }
        let fields: [(String, [String])] = [
            ("--completed", completed), ("--discovery", discoveries), ("--impact", impact), ("--blocker", blockers),
            ("--next", next), ("--files", files), ("--commits", commits), ("--note", notes),
        ]
        for (flag, texts) in fields {
            for text in texts { try Self.validateText(text, flag: flag) }
        }
        if let context, !(0 ... 100).contains(context) {
            throw CoordError.invalidInput("--context takes a percentage from 0 to 100, not \(context); for example --context 35.")
        }
    }

    static func validateText(_ text: String, flag: String) throws {
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw CoordError.invalidInput("\(flag) was given an empty text; say what, for example \(flag) \"JWT signing\".")
        }
        if text.utf8.count > maximumTextBytes {
            throw CoordError.invalidInput(
                "A \(flag) text is \(text.utf8.count) bytes, over the limit of \(maximumTextBytes); shorten it or put the detail in a file and name the file.")
        }
    }

    /// Parses `35` or `35%`.
    public static func percentage(_ text: String) -> Int? {
        var digits = Substring(text)
        if digits.hasSuffix("%") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), digits.count <= 3
        else { return nil }
        return Int(digits)
    }

    /// Splits `a,b` lists (from `--files a,b --files c`), trimming spaces and dropping empties.
    public static func splitList(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { part -> String in
            var trimmed = part
            while trimmed.first == " " { trimmed.removeFirst() }
            while trimmed.last == " " { trimmed.removeLast() }
            return String(trimmed)
        }.filter { !$0.isEmpty }
    }

    /// Copies the fields onto `record`, leaving empty lists out.
    func fill(_ record: inout WorkerRecord) {
        record.completed = completed.nonEmpty
        record.discoveries = discoveries.nonEmpty
        record.impact = impact.nonEmpty
        record.blockers = blockers.nonEmpty
        record.unblocked = unblocked ? true : nil
        record.context = context
        record.next = next.nonEmpty
        record.files = files.nonEmpty
        record.commits = commits.nonEmpty
        record.notes = notes.nonEmpty
    }
}

fileprivate extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}

// MARK: - State transitions

extension WorkerState {
    /// After an update: blockers accumulate until cleared; a handed-off or
    /// exited worker that reports again is active again (a new session resumed it).
    func updated(with observation: WorkerObservation) -> WorkerState {
        var next = self
        next.blockers = (observation.unblocked ? [] : blockers) + observation.blockers
        next.status = next.blockers.isEmpty ? .active : .blocked
        if let context = observation.context { next.context = context }
        return next
    }

    func handedOff() -> WorkerState {
        var next = self
        next.status = .handedOff
        return next
    }

    /// After `done`: complete clears the blockers; an unfinished exit keeps them,
    /// since they may be why the worker stopped.
    func finished(unfinished: Bool) -> WorkerState {
        var next = self
        next.status = unfinished ? .exited : .complete
        if !unfinished { next.blockers = [] }
        return next
    }
}

import CoordStorage
import CoordTestSupport
import FoundationEssentials

/// A `LockScene` with the task queue's files and views.
extension LockScene {
    /// Adds a task as `alice` and returns its id.
    @discardableResult
    func addTask(_ title: String, _ options: [String] = []) throws -> String {
        let result = try coord(["task", "add", title, "--quiet"] + options, as: "alice")
        guard result.status == 0 else { throw TimedOut(what: "task add \(title) (\(result.standardError))") }
        return result.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// `coord tasks --ready --json` at `time`: the ids, best first.
    func readyTasks(at time: String = "09:00:00") throws -> [String] {
        let result = try coord(["tasks", "--ready", "--json"], as: "observer", at: time)
        let document = try BoardJSON.decode([String: JSONValue].self, from: Array(result.standardOutput.utf8))
        guard case .array(let tasks) = document["tasks"] else { return [] }
        return tasks.compactMap { task in
            guard case .object(let fields) = task else { return nil }
            return fields["id"]?.stringValue
        }
    }

    /// The records of `tasks.jsonl` of one kind.
    func taskRecords(_ event: String) throws -> [[String: JSONValue]] {
        try JSONLines.objects(board.contents("tasks.jsonl") ?? "").filter { $0["event"]?.stringValue == event }
    }

    /// The id in `claimed T-003 (token 7, until …): title`.
    static func claimedID(_ output: String) -> String? {
        let words = output.split(separator: " ")
        return words.count > 1 && words[0] == "claimed" ? String(words[1]) : nil
    }

    /// The token in `claimed T-003 (token 7, until …): title`.
    static func claimedToken(_ output: String) -> Int64? {
        let words = output.split(separator: " ")
        guard let index = words.firstIndex(of: "(token"), index + 1 < words.count else { return nil }
        return Int64(words[index + 1].filter(\.isNumber))
    }
}

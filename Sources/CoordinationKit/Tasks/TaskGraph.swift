/// Dependency cycles: a task may not, through any chain of `after`, wait on itself.
enum TaskGraph {
    /// The cycle that making `task` wait on `dependencies` would close, as
    /// `[task, dependency, …, task]`, or nil when there is none.
    static func cycle(adding dependencies: [String], to task: String, in queue: TaskQueue) -> [String]? {
        for dependency in dependencies {
            if dependency == task { return [task, task] }
            if let path = path(from: dependency, to: task, in: queue) { return [task] + path }
        }
        return nil
    }

    /// A chain of `after` links from `start` to `goal`, both included (depth first, no recursion).
    private static func path(from start: String, to goal: String, in queue: TaskQueue) -> [String]? {
        var parent: [String: String] = [start: start]
        var stack = [start]
        while let current = stack.popLast() {
            if current == goal {
                var chain = [goal]
                var step = goal
                while step != start, let previous = parent[step] {
                    chain.append(previous)
                    step = previous
                }
                return chain.reversed()
            }
            for next in queue.tasks[current]?.after ?? [] where parent[next] == nil {
                parent[next] = current
                stack.append(next)
            }
        }
        return nil
    }
}

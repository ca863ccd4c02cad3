import CoordStorage

/// What connects workers: paths several of them touched, and chains of
/// handoffs. Plain functions over plain values, so the rules are tested
/// without a board.
enum CrossWorker {
    /// Paths named by two or more workers. A path also counts as touched by a
    /// worker that named something inside it (`src/auth/` by whoever named
    /// `src/auth/jwt.swift`). `touched` holds (worker, path) pairs.
    static func sharedPaths(_ touched: [(worker: String, path: String)]) -> [SynthesisReport.SharedPath] {
        var byPath: [String: Set<String>] = [:]
        for (worker, path) in touched {
            let normal = normalise(path)
            guard !normal.isEmpty else { continue }
            byPath[normal, default: []].insert(worker)
        }
        var workers = byPath
        for (path, named) in byPath {
            // Every named ancestor of `path` is touched by whoever named `path`.
            var components = path.split(separator: "/")
            while components.count > 1 {
                components.removeLast()
                let ancestor = components.joined(separator: "/")
                if byPath[ancestor] != nil { workers[ancestor]!.formUnion(named) }
            }
        }
        return workers.filter { $0.value.count >= 2 }.keys.sorted().map {
            SynthesisReport.SharedPath(path: $0, workers: workers[$0]!.sorted())
        }
    }

    /// `./src//auth/` → `src/auth`: the same spelling for the same place.
    static func normalise(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) where part != "." {
            parts.append(part)
        }
        return (path.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }

    /// Handoffs linked end to start, in time order: `a → b` then `b → c` gives
    /// `a → b → c`. Each handoff belongs to one chain; a chain only continues
    /// with a handoff made at or after the one before it.
    static func chains(_ handoffs: [(at: Int64, from: String, to: String)]) -> [SynthesisReport.HandoffChain] {
        let ordered = handoffs.enumerated().sorted { a, b in
            (a.element.at, a.element.from, a.element.to, a.offset) < (b.element.at, b.element.from, b.element.to, b.offset)
        }.map(\.element)
        var used = Array(repeating: false, count: ordered.count)
        var chains: [SynthesisReport.HandoffChain] = []
        for start in ordered.indices where !used[start] {
            used[start] = true
            var chain = [ordered[start].from, ordered[start].to]
            var last = start
            while let next = ordered.indices.first(where: {
                !used[$0] && ordered[$0].from == chain.last! && ordered[$0].at >= ordered[last].at
            }) {
                used[next] = true
                chain.append(ordered[next].to)
                last = next
                if chain.count > ordered.count + 1 { break }
            }
            chains.append(SynthesisReport.HandoffChain(workers: chain))
        }
        return chains
    }
}

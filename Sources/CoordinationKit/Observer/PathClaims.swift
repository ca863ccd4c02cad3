import CoordStorage

/// Who claims which path, through a live lock or a worker's `Files`, and
/// where two different parties' claims overlap (collision risk).
///
/// Paths are compared the way locks compare them: by normalised components,
/// so `src/` overlaps `src/a.swift` and `src/a` does not overlap `src/ab`.
struct PathClaim: Sendable, Equatable {
    enum Source: String, Sendable { case lock, files }

    var party: String
    var path: String
    var source: Source
}

enum PathClaims {
    /// Groups of overlapping claims that involve at least two parties, each
    /// named by its broadest path. Deterministic: sorted by that path.
    static func collisions(_ claims: [PathClaim]) -> [(path: String, claims: [PathClaim])] {
        let normalised = claims.map { components(of: $0.path) }
        // Union-find over overlapping claims.
        var parent = Array(claims.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        for i in claims.indices {
            for j in claims.indices where j > i && overlaps(normalised[i], normalised[j]) {
                parent[root(i)] = root(j)
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in claims.indices { groups[root(i), default: []].append(i) }
        var result: [(path: String, claims: [PathClaim])] = []
        for members in groups.values {
            let parties = Set(members.map { claims[$0].party })
            guard parties.count >= 2 else { continue }
            let broadest = members.min { a, b in
                (normalised[a].count, display(normalised[a])) < (normalised[b].count, display(normalised[b]))
            }!
            let sorted = members.map { claims[$0] }.sorted {
                ($0.party, $0.path, $0.source.rawValue) < ($1.party, $1.path, $1.source.rawValue)
            }
            result.append((display(normalised[broadest]), sorted))
        }
        return result.sorted { $0.path < $1.path }
    }

    /// `./src//auth/` -> ["src", "auth"]; `..` is kept as written (a resource name, not a file).
    static func components(of path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
    }

    static func overlaps(_ a: [Substring], _ b: [Substring]) -> Bool {
        let shorter = min(a.count, b.count)
        return a.prefix(shorter).elementsEqual(b.prefix(shorter))
    }

    static func display(_ components: [Substring]) -> String {
        components.isEmpty ? "." : components.joined(separator: "/")
    }
}

import CoordStorage

/// `coord doctor`'s check of the remote's namespace, on the history this host
/// last fetched (`refs/coord-fetched/exclusive`; run `coord sync` first for
/// the latest): no network, nothing written.
///
/// The exclusive history must be one line of commits, each commit's journals
/// extending its parent's byte for byte. A merge commit (a union merge, or any
/// merge that accepts both sides) or a commit that rewrites earlier bytes is
/// named: on such a history two hosts may each hold a grant for one path, or
/// one ADR id may name two decisions.
public struct RemoteCheck: Sendable {
    public let workspace: Workspace
    public init(_ workspace: Workspace) { self.workspace = workspace }

    public struct Problem: Sendable, Equatable {
        public var path: String
        public var message: String
    }

    /// The problems found; empty when the board has no remote or its history is sound.
    public func problems() throws -> [Problem] {
        guard let settings = try RemoteSettings.load(workspace.board),
              let folder = try RemoteFolder.open(workspace.board, create: false),
              folder.directory.exists(RemoteSettings.gitFolder + "/HEAD") else { return [] }
        let git = GitProcess(gitDirectory: folder.gitPath, monotonic: workspace.monotonic)
        let where_ = "\(settings.url) \(RemoteBoard.exclusiveRef)"
        let history = git.run(["rev-list", "--parents", RemoteBoard.fetchedExclusive])
        guard history.succeeded else { return [] }
        let commits = history.text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        var problems: [Problem] = []
        for commit in commits where commit.count > 2 {
            problems.append(Problem(path: where_, message:
                "Commit \(commit[0].prefix(12)) merges \(commit.count - 1) histories of the exclusive journals (a union or merge): two hosts may hold one lock or one id may name two records; the exclusive history must be linear, so restore the ref to its first parent on the remote and set receive.denyNonFastForwards."))
        }
        let names = commits.flatMap { commit in RemoteBoard.exclusiveJournals.map { commit[0] + ":" + $0 } }
        guard let objects = git.objects(names) else { return problems }
        var files: [String: [String: [UInt8]]] = [:]
        for (index, commit) in commits.enumerated() {
            for (offset, name) in RemoteBoard.exclusiveJournals.enumerated() {
                files[commit[0], default: [:]][name] = objects[index * RemoteBoard.exclusiveJournals.count + offset]?.bytes ?? []
            }
        }
        for commit in commits {
            for parent in commit.dropFirst() {
                for name in RemoteBoard.exclusiveJournals {
                    let mine = files[commit[0]]?[name] ?? []
                    let before = files[parent]?[name] ?? []
                    if !(before.count <= mine.count && mine.starts(with: before)) {
                        problems.append(Problem(path: where_, message:
                            "In commit \(commit[0].prefix(12)), \(name) does not extend its parent \(parent.prefix(12)) byte for byte (records were rewritten, reordered or merged); the exclusive journals must only grow."))
                    }
                }
            }
        }
        return problems
    }
}

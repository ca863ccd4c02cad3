import CoordStorage
import FoundationEssentials

/// A board's git remote: the refs coord keeps there and the git commands that move them.
///
/// Refs on the remote (never a branch):
/// - `refs/coord/exclusive`: one linear history whose tree holds the exclusive
///   journals (`locks.jsonl`, `tasks.jsonl`, `decisions.jsonl`, `message-ids.jsonl`),
///   each commit's files extending its parent's byte for byte;
/// - `refs/coord/hosts/<host-id>`: each host's own non-exclusive records
///   (`bulletin.jsonl`, and `journals.jsonl` for `SyncedJournals`), pushed only by that host.
///
/// Local refs in `remote/git` (never pushed as such): `refs/coord-fetched/…`
/// (what the last fetch saw) and `refs/coord-outgoing/…` (the commit being pushed).
struct RemoteBoard {
    static let exclusiveRef = "refs/coord/exclusive"
    static let fetchedExclusive = "refs/coord-fetched/exclusive"
    static let hostsPrefix = "refs/coord/hosts/"
    static let fetchedHostsPrefix = "refs/coord-fetched/hosts/"
    /// The journals whose records need one winner, in the order a task claim writes them
    /// (message ids: the numbers `coord send` takes, see `MessageIDRecord`).
    static let exclusiveJournals = ["locks.jsonl", "tasks.jsonl", "decisions.jsonl", messageIDJournal]
    static let messageIDJournal = "message-ids.jsonl"

    let workspace: Workspace
    let settings: RemoteSettings
    let folder: RemoteFolder
    let host: String
    let git: GitProcess

    /// The board's remote, with its git directory ready; nil when the board has none.
    static func open(_ workspace: Workspace) throws -> RemoteBoard? {
        guard let settings = try RemoteSettings.load(workspace.board),
              let folder = try RemoteFolder.open(workspace.board, create: false) else { return nil }
        return try RemoteBoard(workspace, settings: settings, folder: folder)
    }

    init(_ workspace: Workspace, settings: RemoteSettings, folder: RemoteFolder) throws {
        self.workspace = workspace
        self.settings = settings
        self.folder = folder
        self.host = try folder.hostID(create: true) ?? "0000000000000000"
        self.git = GitProcess(gitDirectory: folder.gitPath, monotonic: workspace.monotonic)
        try prepareGitDirectory()
    }

    /// Makes `remote/git` a bare repository with its own committer, once.
    private func prepareGitDirectory() throws {
        guard !folder.directory.exists(RemoteSettings.gitFolder + "/HEAD") else { return }
        for arguments in [["init", "--bare", "--quiet", folder.gitPath],
                          ["config", "user.name", "coord"], ["config", "user.email", "coord@\(host)"],
                          ["config", "core.logAllRefUpdates", "false"]] {
            let outcome = git.run(arguments)
            guard outcome.succeeded else { throw CoordError.remoteGit("prepare its folder", reason: outcome.reason, path: folder.gitPath) }
        }
    }

    var unreachable: (String) -> CoordError {
        { [settings] reason in CoordError.remoteUnreachable(settings.name, url: settings.url, reason: reason) }
    }

    // MARK: The exclusive history

    /// The exclusive ref's tip as fetched: its commit and each journal's bytes.
    struct Tip {
        var commit: String?
        var files: [String: [UInt8]]
        var blobs: [String: String]
    }

    /// Fetches `refs/coord/exclusive`; an empty tip when the remote has none yet.
    /// Throws `remoteUnreachable` (exit 7) when the remote cannot be read.
    func fetchExclusive() throws -> Tip {
        let fetch = git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", settings.url,
                             "+\(Self.exclusiveRef):\(Self.fetchedExclusive)"])
        if !fetch.succeeded {
            if fetch.failure == nil, String(decoding: fetch.errorOutput, as: UTF8.self).contains("couldn't find remote ref") {
                return Tip(commit: nil, files: [:], blobs: [:])
            }
            throw unreachable(fetch.reason)
        }
        return try readTip(Self.fetchedExclusive)
    }

    /// The journals at `revision`, in one `cat-file`.
    func readTip(_ revision: String) throws -> Tip {
        let names = [revision + "^{commit}"] + Self.exclusiveJournals.map { revision + ":" + $0 }
        guard let objects = git.objects(names), let commit = objects[0] else {
            throw CoordError.remoteGit("read \(revision)", reason: "cat-file failed", path: folder.gitPath)
        }
        var tip = Tip(commit: commit.id, files: [:], blobs: [:])
        for (name, object) in zip(Self.exclusiveJournals, objects.dropFirst()) {
            if let object { tip.files[name] = object.bytes; tip.blobs[name] = object.id }
        }
        return tip
    }

    /// A commit on top of `parent` whose tree holds `files` (the local journal files
    /// named) and `parent`'s other entries. Nothing is pushed.
    func commit(files names: [String], from directory: BoardDirectory, over tip: Tip, message: String) throws -> String {
        var blobs = tip.blobs
        if !names.isEmpty {
            let hashed = git.run(["hash-object", "-w", "--no-filters", "--"] + names.map(directory.child))
            let ids = hashed.text.split(separator: "\n").map(String.init)
            guard hashed.succeeded, ids.count == names.count else {
                throw CoordError.remoteGit("store the journals", reason: hashed.reason, path: folder.gitPath)
            }
            for (name, id) in zip(names, ids) { blobs[name] = id }
        }
        return try commit(blobs: blobs, parent: tip.commit, message: message)
    }

    /// A commit of a tree of `blobs` (name → blob id) on `parent`.
    func commit(blobs: [String: String], parent: String?, message: String) throws -> String {
        let listing = blobs.keys.sorted().map { "100644 blob \(blobs[$0]!)\t\($0)\n" }.joined()
        let tree = git.run(["mktree"], input: Array(listing.utf8))
        guard tree.succeeded else { throw CoordError.remoteGit("make a tree", reason: tree.reason, path: folder.gitPath) }
        let treeID = String(tree.text.split(separator: "\n").first ?? "")
        var arguments = ["commit-tree", treeID, "-m", message]
        if let parent { arguments += ["-p", parent] }
        let made = git.run(arguments)
        guard made.succeeded else { throw CoordError.remoteGit("commit", reason: made.reason, path: folder.gitPath) }
        return String(made.text.split(separator: "\n").first ?? "")
    }

    enum PushResult { case accepted, rejected }

    /// What a push reports when another push got there first.
    static let lostRace = ["[rejected]", "failed to update ref", "cannot lock ref", "non-fast-forward", "fetch first",
                           "stale info", "incorrect old value"]

    /// Pushes `commit` to `ref` as a plain push: the remote takes it only when it
    /// extends the ref's tip, which is the compare-and-swap. Never forced.
    func push(_ commit: String, to ref: String) throws -> PushResult {
        let outcome = git.run(["push", "--porcelain", "--quiet", "--no-verify", settings.url, "\(commit):\(ref)"])
        if outcome.succeeded { return .accepted }
        let report = outcome.text
        if outcome.failure == nil {
            for line in report.split(separator: "\n") where line.hasPrefix("!") {
                // Another push moved or held the ref between our read and our update: a lost compare-and-swap too.
                if Self.lostRace.contains(where: line.contains) { return .rejected }
                if line.contains("[remote rejected]") {
                    throw CoordError.remoteRefused(settings.name, ref: ref, reason: String(line.split(separator: "\t").last ?? ""))
                }
                if line.contains("[rejected]") { return .rejected }
            }
        }
        throw unreachable(outcome.reason)
    }

    // MARK: The local journals against the tip

    /// Brings each exclusive journal up to the tip: the local file must be a byte
    /// prefix of the tip's, and the missing suffix is appended (one write each).
    /// Local bytes the tip lacks were never committed (a run stopped between its
    /// local append and its push): they are moved to `remote/uncommitted-NAME`
    /// and the file is made the tip's. Returns each journal's size afterwards.
    func adopt(_ tip: Tip) throws -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        var rewritten = false
        for name in Self.exclusiveJournals {
            let theirs = tip.files[name] ?? []
            let file = try workspace.board.openFile(name, mode: .readWrite, create: !theirs.isEmpty)
            guard let file else { sizes[name] = 0; continue }
            let mine = try file.readAll()
            if mine.count <= theirs.count, theirs.starts(with: mine) {
                if mine.count < theirs.count { try append(Array(theirs[mine.count...]), to: file) }
            } else {
                let kept = try folder.directory.openOrCreate("uncommitted-" + name, mode: .append)
                var aside = mine
                if aside.last != LineScanner.newline { aside.append(LineScanner.newline) }
                try kept.append(aside)
                try workspace.board.replace(name, with: theirs)
                rewritten = true
            }
            sizes[name] = Int64(theirs.count)
        }
        if rewritten { Self.dropCaches(workspace.board) }
        return sizes
    }

    /// One write of `bytes` (whole lines) at the end of `file`.
    private func append(_ bytes: [UInt8], to file: BoardFile) throws {
        let start = try file.size()
        try file.overwrite(bytes, at: start)
    }

    /// The size of each exclusive journal now.
    func sizes() throws -> [String: Int64] {
        var sizes: [String: Int64] = [:]
        for name in Self.exclusiveJournals {
            sizes[name] = try workspace.board.openFile(name, mode: .readOnly)?.size() ?? 0
        }
        return sizes
    }

    /// Takes back what a run appended after `sizes`: its push was rejected or failed.
    func rollBack(to sizes: [String: Int64]) throws {
        for name in Self.exclusiveJournals {
            guard let file = try workspace.board.openFile(name, mode: .readWrite) else { continue }
            if try file.size() > sizes[name, default: 0] { try file.truncate(to: sizes[name, default: 0]) }
        }
        Self.dropCaches(workspace.board)
    }

    /// The lock fold's and the task queue's caches describe journal bytes that
    /// were just taken back: remove them (they are rebuilt by the next write).
    static func dropCaches(_ board: BoardDirectory) {
        guard let state = try? board.subdirectory(".state", create: false) else { return }
        for name in ["locks.idx", "tasks.ckpt"] { state.remove(name) }
    }
}

import CoordStorage
import FoundationEssentials

/// What `remote add` asks of the board's own messages (the messages layer sits
/// above this one): message ids the board handed out before it had the remote
/// must be known to the remote, or another host could hand them out again.
public protocol OwnMessageIDs {
    /// The highest message id this board handed out (`M-5`), nil for none. Inside the board lock.
    func highestOwnID() throws -> String?
    /// The `message-ids.jsonl` line (with its newline) recording `id` as taken by `host` at `now`.
    func takenLine(_ id: String, host: String, at now: Date) throws -> [UInt8]
    /// True when `journal` (a `message-ids.jsonl`) records `id` as taken by `host`.
    func records(_ id: String, by host: String, in journal: [UInt8]) -> Bool
}

/// `coord remote add|list|remove`: the board's one git remote.
public struct Remotes: Sendable {
    public let workspace: Workspace
    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// The one JSON view of a remote (`remote list --json`, `status --json`).
    public struct View: Codable, Sendable, Equatable {
        public var name: String
        public var url: String
        public var host: String?
        /// The last successful `coord sync`, or nil before the first.
        public var lastSync: String?

        enum CodingKeys: String, CodingKey {
            case name, url, host
            case lastSync = "last_sync"
        }
    }

    public struct ListDocument: Codable, Sendable, Equatable {
        public var remotes: [View]
    }

    /// What `add` did.
    public struct Added: Sendable, Equatable {
        public var view: View
        /// True when this board's journals started the remote's history.
        public var seeded: Bool

        public var text: String {
            (seeded ? "Added \(view.name) (\(view.url)): this board's locks, tasks and decisions started the remote's history."
                    : "Added \(view.name) (\(view.url)): joined the board already there.")
                + "\nLocks, task claims, decisions and message ids are now decided against the remote (exit 7 when it cannot be reached);"
                + " run 'coord sync' (or 'coord sync --watch') to exchange bulletin lines, worker records and messages."
                + "\nOn the remote's bare repository, refuse rewrites and deletions of the board's refs:"
                + "\n  git -C PATH-OF-BARE-REPOSITORY config receive.denyNonFastForwards true"
                + "\n  git -C PATH-OF-BARE-REPOSITORY config receive.denyDeletes true"
        }
    }

    /// Adds the remote: its history is started with this board's exclusive
    /// journals when it has none, else this board joins it, which needs this
    /// board's lock, task, decision and message id journals to be a prefix of the remote's
    /// (empty, on a fresh board). Needs the remote to be reachable.
    ///
    /// Message ids: a board that starts the history after sending messages
    /// records its highest id in `message-ids.jsonl` (every lower number is
    /// taken too, since numbers only grow); a joining board must have sent
    /// none, unless the remote already records its highest id as this host's
    /// (the same remote added back).
    public func add(name: String, url: String, messages: some OwnMessageIDs) throws -> Added {
        let name = try RemoteSettings.validName(name)
        let url = try RemoteSettings.validURL(url)
        return try workspace.board.withExclusiveLock {
            if let existing = try RemoteSettings.load(workspace.board) { throw CoordError.remoteAlreadyConfigured(existing.name) }
            guard let folder = try RemoteFolder.open(workspace.board, create: true) else {
                throw CoordError.io("create the folder", path: workspace.board.child(RemoteSettings.folder), errno: 2)
            }
            let settings = RemoteSettings(name: name, url: url)
            let remote = try RemoteBoard(workspace, settings: settings, folder: folder)
            var seeded = false
            let ownID = try messages.highestOwnID()
            while true {
                let tip = try remote.fetchExclusive()
                if tip.commit != nil {
                    for journal in RemoteBoard.exclusiveJournals {
                        let mine = try workspace.board.read(journal) ?? []
                        let theirs = tip.files[journal] ?? []
                        if !(mine.count <= theirs.count && theirs.starts(with: mine)) {
                            throw CoordError.remoteDiverged(workspace.board.child(journal), name: name)
                        }
                    }
                    if let ownID, !messages.records(ownID, by: remote.host, in: tip.files[RemoteBoard.messageIDJournal] ?? []) {
                        throw CoordError.remoteUnknownMessages(name, highest: ownID)
                    }
                    _ = try remote.adopt(tip)
                    break
                }
                let before = try remote.sizes()
                if let ownID, !messages.records(ownID, by: remote.host, in: try workspace.board.read(RemoteBoard.messageIDJournal) ?? []) {
                    let line = try messages.takenLine(ownID, host: remote.host, at: workspace.clock.now())
                    try workspace.board.openOrCreate(RemoteBoard.messageIDJournal, mode: .append).append(line)
                }
                let present = try RemoteBoard.exclusiveJournals.filter { (try workspace.board.openFile($0, mode: .readOnly)?.size() ?? 0) > 0 }
                let pushed: RemoteBoard.PushResult
                do {
                    let commit = try remote.commit(files: present, from: workspace.board, over: tip,
                                                   message: "coord: board history started by host \(remote.host)")
                    pushed = try remote.push(commit, to: RemoteBoard.exclusiveRef)
                } catch {
                    try? remote.rollBack(to: before)
                    throw error
                }
                if pushed == .accepted {
                    seeded = true
                    break
                }
                // Another board started the history first: take back the id line and join it instead.
                try remote.rollBack(to: before)
            }
            try folder.directory.replace(RemoteSettings.fileName, with: try BoardJSON.document(settings))
            return Added(view: View(name: name, url: url, host: remote.host, lastSync: nil), seeded: seeded)
        }
    }

    public func list() throws -> ListDocument {
        guard let settings = try RemoteSettings.load(workspace.board) else { return ListDocument(remotes: []) }
        let folder = try RemoteFolder.open(workspace.board, create: false)
        return ListDocument(remotes: [View(name: settings.name, url: settings.url, host: try folder?.hostID(create: false),
                                           lastSync: folder?.lastSync().map(JSONView.instant))])
    }

    /// The remote as shown by `status`: nil on a local board.
    public func current() -> View? { try? list().remotes.first }

    /// Removes the remote: the board is local again. The host id, the git
    /// folder and the cursors are kept, so adding the same remote back resumes.
    public func remove(name: String) throws {
        try workspace.board.withExclusiveLock {
            guard let settings = try RemoteSettings.load(workspace.board), settings.name == name,
                  let folder = try RemoteFolder.open(workspace.board, create: false) else { throw CoordError.noRemote(name) }
            folder.directory.remove(RemoteSettings.fileName)
        }
    }

    /// Points the remote at another URL (a moved server, or a cut link for a
    /// test); unlike `add`, the new URL need not be reachable now.
    public func setURL(name: String, url: String) throws {
        let url = try RemoteSettings.validURL(url)
        try workspace.board.withExclusiveLock {
            guard var settings = try RemoteSettings.load(workspace.board), settings.name == name,
                  let folder = try RemoteFolder.open(workspace.board, create: false) else { throw CoordError.noRemote(name) }
            settings.url = url
            try folder.directory.replace(RemoteSettings.fileName, with: try BoardJSON.document(settings))
        }
    }

    /// `remote list` as text.
    public static func text(_ document: ListDocument) -> String {
        guard !document.remotes.isEmpty else { return "No remote; this board is local. Add one with 'coord remote add origin URL'." }
        return document.remotes.map {
            "\($0.name)\t\($0.url)\thost \($0.host ?? "-")\tlast sync \($0.lastSync ?? "never")"
        }.joined(separator: "\n")
    }
}

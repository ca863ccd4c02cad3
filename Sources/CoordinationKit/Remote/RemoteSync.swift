import CoordStorage
import FoundationEssentials

/// `coord sync`: one exchange with the board's remote, inside the board lock.
///
/// 1. The exclusive journals are brought up to the remote's tip (records other hosts committed).
/// 2. Non-exclusive records: the bulletin lines this host wrote since the last
///    sync are exported to `remote/outbox.jsonl` (one record per line, its id
///    `HOST:OFFSET`, the line's offset in this host's `BULLETIN.md`), which is
///    pushed as `bulletin.jsonl` on this host's own ref `refs/coord/hosts/HOST`.
/// 3. Every other host's ref is fetched and the lines past this host's cursor
///    for it are appended to `BULLETIN.md` (under a day heading when the day
///    differs), in one write. The cursors and the export position live in
///    `remote/cursors.json`; before the append, `remote/import-pending.json`
///    records what is about to be written and the cursors that follow, so a
///    crash between the append and the cursor save neither loses nor repeats a line.
///
/// The other non-exclusive journals (`SyncedJournals`: worker records and
/// inbox lines) travel the same way as `journals.jsonl` in the same host ref
/// (`JournalExchange`).
public struct RemoteSync: Sendable {
    public let workspace: Workspace
    public init(_ workspace: Workspace) { self.workspace = workspace }

    static let outboxFile = "outbox.jsonl"
    static let cursorsFile = "cursors.json"
    static let pendingFile = "import-pending.json"
    /// The file in a host ref that holds its bulletin lines.
    static let bulletinFile = "bulletin.jsonl"

    /// One exported bulletin line.
    struct Record: Codable, Equatable {
        var v: Int = 1
        var id: String
        var day: String
        var line: String
    }

    /// Where the export has reached in `BULLETIN.md`, and each other host's position in its `bulletin.jsonl`.
    struct Cursors: Codable, Equatable {
        var version = 1
        var exported: Int64 = 0
        var day: String?
        var hosts: [String: Int64] = [:]
    }

    struct Pending: Codable {
        var version = 1
        var before: Int64
        var text: String
        var cursors: Cursors
    }

    /// What one sync did.
    public struct Report: Codable, Sendable, Equatable {
        public var remote: String
        public var url: String
        public var host: String
        /// Bytes of exclusive journal records taken from the remote.
        public var exclusiveBytes: Int64
        public var exported: Int
        public var imported: Int
        /// Journal records (`SyncedJournals`) sent and received.
        public var recordsSent: Int
        public var recordsReceived: Int
        public var hosts: Int
        public var at: String

        public var text: String {
            "synced with \(remote): \(exported) bulletin line\(exported == 1 ? "" : "s") sent, \(imported) received from "
                + "\(hosts) other host\(hosts == 1 ? "" : "s"), \(exclusiveBytes) bytes of exclusive records taken"
                + (recordsSent + recordsReceived == 0 ? ""
                    : "; \(recordsSent) journal record\(recordsSent == 1 ? "" : "s") sent, \(recordsReceived) received")
        }
    }

    public func sync() throws -> Report {
        try workspace.board.withExclusiveLock {
            guard let remote = try RemoteBoard.open(workspace) else { throw CoordError.noRemote(nil) }
            let directory = remote.folder.directory
            var report = Report(remote: remote.settings.name, url: remote.settings.url, host: remote.host,
                                exclusiveBytes: 0, exported: 0, imported: 0,
                                recordsSent: 0, recordsReceived: 0, hosts: 0, at: "")

            // 1. Exclusive records.
            let before = try remote.sizes()
            let after = try remote.adopt(try remote.fetchExclusive())
            report.exclusiveBytes = RemoteBoard.exclusiveJournals.reduce(0) { $0 + max(0, after[$1, default: 0] - before[$1, default: 0]) }

            // 2. Export this host's new bulletin lines.
            var cursors = try recoverCursors(directory)
            let bulletin = try workspace.board.read("BULLETIN.md") ?? []
            let outboxBytes = try directory.read(Self.outboxFile) ?? []
            let outbox = try directory.openOrCreate(Self.outboxFile, mode: .append)
            let lastExported = Self.lastOffset(in: outboxBytes)
            var day = cursors.day
            var records: [Record] = []
            var end = min(Int64(bulletin.count), cursors.exported)
            for line in LineScanner.lines(of: Array(bulletin[Int(end)...]), startingAt: end) {
                end = line.offset + Int64(line.bytes.count) + 1
                // Entries (`- [`, coord's and by hand) travel; `## YYYY-MM-DD` headings set their day;
                // the file's preamble stays.
                let text = String(decoding: line.bytes, as: UTF8.self)
                if text.hasPrefix("## "), text.utf8.count == 13 { day = String(text.dropFirst(3)); continue }
                guard text.hasPrefix("- [") else { continue }
                if let lastExported, line.offset <= lastExported { continue }
                records.append(Record(id: "\(remote.host):\(line.offset)", day: day ?? "", line: text))
            }
            if !records.isEmpty {
                var bytes: [UInt8] = []
                for record in records { bytes += try BoardJSON.line(record) + [LineScanner.newline] }
                try outbox.append(bytes)
            }
            cursors.exported = end
            cursors.day = day
            report.exported = records.count
            try save(cursors, in: directory)
            let journals = JournalExchange(board: workspace.board, directory: directory, host: remote.host)
            report.recordsSent = try journals.export()

            // 3. Fetch every host's ref; push this host's.
            let fetch = remote.git.run(["fetch", "--quiet", "--no-tags", "--no-write-fetch-head", "--prune", remote.settings.url,
                                        "+\(RemoteBoard.hostsPrefix)*:\(RemoteBoard.fetchedHostsPrefix)*"])
            guard fetch.succeeded else { throw remote.unreachable(fetch.reason) }
            let listing = remote.git.run(["for-each-ref", "--format=%(refname)", RemoteBoard.fetchedHostsPrefix])
            guard listing.succeeded else { throw CoordError.remoteGit("list host refs", reason: listing.reason, path: remote.folder.gitPath) }
            let hosts = listing.text.split(separator: "\n").map { String($0.dropFirst(RemoteBoard.fetchedHostsPrefix.count)) }
            let names = hosts.flatMap { host in
                [Self.bulletinFile, JournalExchange.hostFile].map { RemoteBoard.fetchedHostsPrefix + host + ":" + $0 }
            }
            guard let found = names.isEmpty ? [] : remote.git.objects(names) else {
                throw CoordError.remoteGit("read host refs", reason: "cat-file failed", path: remote.folder.gitPath)
            }
            let objects = stride(from: 0, to: found.count, by: 2).map { found[$0] }
            let journalObjects = stride(from: 1, to: found.count, by: 2).map { found[$0] }
            let ownIndex = hosts.firstIndex(of: remote.host)
            let outboxes = [(Self.bulletinFile, Self.outboxFile, try outbox.size(), ownIndex.flatMap { objects[$0] }),
                            (JournalExchange.hostFile, JournalExchange.outboxFile, try journals.outboxSize(),
                             ownIndex.flatMap { journalObjects[$0] })]
            if outboxes.contains(where: { $0.2 > 0 && $0.3?.bytes.count != Int($0.2) }) {
                let parent = ownIndex == nil ? nil : remote.git.run(["rev-parse", "--verify", "--quiet",
                                                                      RemoteBoard.fetchedHostsPrefix + remote.host]).text
                let sent = outboxes.filter { $0.2 > 0 }
                let stored = remote.git.run(["hash-object", "-w", "--no-filters", "--"] + sent.map { directory.child($0.1) })
                let ids = stored.text.split(separator: "\n").map(String.init)
                guard stored.succeeded, ids.count == sent.count else {
                    throw CoordError.remoteGit("store the outbox", reason: stored.reason, path: remote.folder.gitPath)
                }
                let commit = try remote.commit(blobs: Dictionary(uniqueKeysWithValues: zip(sent.map(\.0), ids)),
                                               parent: parent.map { String($0.split(separator: "\n").first ?? "") },
                                               message: "coord: bulletin and journals from host \(remote.host)")
                if try remote.push(commit, to: RemoteBoard.hostsPrefix + remote.host) == .rejected {
                    throw CoordError.remoteRefused(remote.settings.name, ref: RemoteBoard.hostsPrefix + remote.host,
                                                   reason: "another clone uses this host id; remove .coordination/remote/host on the copy")
                }
            }

            // 4. Import the other hosts' new lines.
            var incoming: [Record] = []
            var next = cursors
            for (host, object) in zip(hosts, objects) where host != remote.host {
                report.hosts += 1
                guard let bytes = object?.bytes else { continue }
                let start = Int(min(Int64(bytes.count), cursors.hosts[host] ?? 0))
                var consumed = Int64(start)
                for line in LineScanner.lines(of: Array(bytes[start...]), startingAt: Int64(start)) {
                    consumed = line.offset + Int64(line.bytes.count) + 1
                    if let record = try? JSONDecoder().decode(Record.self, from: Data(line.bytes)) { incoming.append(record) }
                }
                next.hosts[host] = consumed
            }
            if !incoming.isEmpty || next != cursors {
                var seen: Set<String> = []
                incoming = incoming.filter { seen.insert($0.id).inserted }
                // Day by day, each host's lines in their order.
                let ordered = incoming.enumerated().sorted { ($0.element.day, $0.offset) < ($1.element.day, $1.offset) }.map(\.element)
                let file = try workspace.board.openOrCreate("BULLETIN.md", mode: .readWrite)
                let size = try file.size()
                let unterminated = try size > 0 && file.byte(at: size - 1) != LineScanner.newline
                var text = unterminated ? "\n" : ""
                var current = cursors.day
                for record in ordered {
                    if record.day != current && !record.day.isEmpty {
                        text += (size > 0 || !text.isEmpty ? "\n" : "") + "## \(record.day)\n\n"
                        current = record.day
                    }
                    text += record.line + "\n"
                }
                next.exported = size + Int64(text.utf8.count)
                next.day = current
                let pending = Pending(before: size, text: text, cursors: next)
                try directory.replace(Self.pendingFile, with: try BoardJSON.line(pending))
                if !text.isEmpty { try file.overwrite(Array(text.utf8), at: size) }
                try save(next, in: directory)
                directory.remove(Self.pendingFile)
                report.imported = ordered.count
            } else {
                report.hosts = hosts.filter { $0 != remote.host }.count
            }
            report.recordsReceived = try journals.importRecords(zip(hosts, journalObjects).map { ($0.0, $0.1?.bytes) })
            let now = workspace.clock.now()
            remote.folder.noteSync(now)
            report.at = JSONView.instant(now)
            return report
        }
    }

    /// The cursors, after settling an import a crash interrupted: when its
    /// bytes are in `BULLETIN.md` its cursors hold, otherwise the old ones do.
    private func recoverCursors(_ directory: BoardDirectory) throws -> Cursors {
        let decoder = JSONDecoder()
        var cursors = (try directory.read(Self.cursorsFile)).flatMap { try? decoder.decode(Cursors.self, from: Data($0)) } ?? Cursors()
        if let bytes = try directory.read(Self.pendingFile) {
            if let pending = try? decoder.decode(Pending.self, from: Data(bytes)),
               let file = try workspace.board.openFile("BULLETIN.md", mode: .readOnly) {
                let text = Array(pending.text.utf8)
                let size = try file.size()
                if size >= pending.before + Int64(text.count),
                   try file.read(pending.before ..< pending.before + Int64(text.count)) == text {
                    cursors = pending.cursors
                    try save(cursors, in: directory)
                }
            }
            directory.remove(Self.pendingFile)
        }
        return cursors
    }

    private func save(_ cursors: Cursors, in directory: BoardDirectory) throws {
        try directory.replace(Self.cursorsFile, with: try BoardJSON.line(cursors) + [LineScanner.newline])
    }

    /// The origin offset of the last record in the outbox (ids are `HOST:OFFSET`).
    static func lastOffset(in outbox: [UInt8]) -> Int64? {
        guard let line = LineScanner.lines(of: outbox).last,
              let record = try? JSONDecoder().decode(Record.self, from: Data(line.bytes)),
              let offset = record.id.split(separator: ":").last.flatMap({ Int64($0) }) else { return nil }
        return offset
    }
}

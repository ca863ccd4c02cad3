import CoordStorage
import FoundationEssentials

/// `.coordination/.state/workers.idx`: each worker's current state as the
/// last `coord status` read it, keyed by its journal's size, modification time
/// and inode. With it, status reads one small file and stats each journal,
/// instead of decoding the tail of every journal on every call.
///
/// Only a cache, machine-local like the bulletin index: a journal whose
/// identity changed is read again, and deleting the file is always safe.
/// One line per worker, tab-separated, text fields escaped (`Escaping`):
///
///     coord workers cache 1
///     w  NAME  SIZE  MTIME-NS  INODE  DOMAIN  NUMBER  AGENT  STATUS  UPDATED-MS  CONTEXT
///     b  SINCE-MS  BLOCKER TEXT              (one per open blocker, after its worker)
///     sum  CHECKSUM                          (of every byte above; see `CacheChecksum`)
///
/// Empty fields are unknown values.
struct WorkerStatusCache: Equatable {
    static let fileName = "workers.idx"
    static let header = "coord workers cache 1"

    struct Identity: Equatable {
        var size: Int64
        var modified: Int64
        var inode: UInt64
    }

    struct Entry: Equatable {
        var identity: Identity
        var worker: ObservedWorker
    }

    /// By journal file name (`backend-api.jsonl`).
    var entries: [String: Entry] = [:]

    // MARK: Instants

    /// Instants are kept to the millisecond, as journals write them; a worker
    /// read from its journal is rounded the same way, so cached and fresh
    /// reads give identical ages.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func instant(_ milliseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    static func normalised(_ worker: ObservedWorker) -> ObservedWorker {
        var copy = worker
        copy.lastUpdate = worker.lastUpdate.map { instant(milliseconds($0)) }
        copy.blockers = worker.blockers.map { OpenBlocker(text: $0.text, since: instant(milliseconds($0.since))) }
        return copy
    }

    // MARK: Encoding

    func encoded() -> [UInt8] {
        var text = Self.header + "\n"
        for name in entries.keys.sorted() {
            let entry = entries[name]!
            let worker = entry.worker
            let fields: [String] = [
                "w", Escaping.escape(name), String(entry.identity.size), String(entry.identity.modified), String(entry.identity.inode),
                Escaping.escape(worker.domain), worker.number.map(String.init) ?? "", Escaping.escape(worker.agent ?? ""),
                worker.status.rawValue, worker.lastUpdate.map { String(Self.milliseconds($0)) } ?? "",
                worker.context.map(String.init) ?? "",
            ]
            text += fields.joined(separator: "\t") + "\n"
            for blocker in worker.blockers {
                text += "b\t\(Self.milliseconds(blocker.since))\t\(Escaping.escape(blocker.text))\n"
            }
        }
        text += "sum " + CacheChecksum.of(text.utf8) + "\n"
        return Array(text.utf8)
    }

    /// The cache in `bytes`, or nil when it is not one (it is then rebuilt).
    static func decode(_ bytes: [UInt8]) -> WorkerStatusCache? {
        var lines = LineScanner.lines(of: bytes)
        guard let first = lines.first, first.bytes.elementsEqual(header.utf8),
              let last = lines.popLast(), last.bytes.starts(with: "sum ".utf8),
              last.bytes.dropFirst(4).elementsEqual(CacheChecksum.of(bytes[..<Int(last.offset)]).utf8)
        else { return nil }
        var cache = WorkerStatusCache()
        var current: String? = nil
        for line in lines.dropFirst() {
            let fields = line.bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            if fields.count == 11, fields[0] == "w" {
                guard let size = Int64(fields[2]), let modified = Int64(fields[3]), let inode = UInt64(fields[4]),
                      let status = ObservedWorker.Status(rawValue: fields[8])
                else { return nil }
                let name = Escaping.unescape(fields[1])
                let worker = ObservedWorker(
                    domain: Escaping.unescape(fields[5]), number: Int(fields[6]),
                    agent: fields[7].isEmpty ? nil : Escaping.unescape(fields[7]), status: status,
                    lastUpdate: Int64(fields[9]).map(instant), context: Int(fields[10]))
                cache.entries[name] = Entry(identity: Identity(size: size, modified: modified, inode: inode), worker: worker)
                current = name
            } else if fields.count == 3, fields[0] == "b", let name = current, let since = Int64(fields[1]) {
                cache.entries[name]?.worker.blockers.append(OpenBlocker(text: Escaping.unescape(fields[2]), since: instant(since)))
            } else {
                return nil
            }
        }
        return cache
    }

    // MARK: Files

    static func load(from board: BoardDirectory) -> WorkerStatusCache? {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let bytes = try? folder.read(fileName)
        else { return nil }
        return decode(bytes)
    }

    /// Saves the cache; a board that cannot be written (read-only, another
    /// user's) simply goes without.
    func save(to board: BoardDirectory) {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: true) else { return }
        try? folder.replace(Self.fileName, with: encoded())
    }
}

import CoordStorage
import FoundationEssentials

/// `.coordination/.state/inbox/<agent>.idx`: an inbox folded up to a point of
/// its journal, so that `coord inbox --unread` reads one small file and the
/// lines written since, whatever the length of the history.
///
/// Only a cache, machine-local like the rest of `.state/`, checked before every
/// use and never trusted over the journal: it names how many journal bytes it
/// covers (always the end of a complete line) and checksums of the first and
/// last 4 KiB of them (as `tasks.ckpt` does), and its first line carries the
/// checksum of the rest (`CacheChecksum`). A cache that fails a check, or
/// covers more than the journal holds, is ignored and the journal is folded
/// from the start. Writers (`send` with `--key`, `inbox ack`, `inbox done`,
/// `inbox --new`) save it inside the board lock after appending; readers never
/// write. Lines appended without saving it (a `coord sync` import) lie past
/// `covered` and are folded in by the next read. Deleting it is always safe.
///
///     coord inbox cache 1 CHECKSUM
///     {"covered":…,"head":"…","tail":"…","delivered":…,"done":…,"messages":[…open messages…]}
struct InboxCache {
    static let folder = ".state"
    static let subfolder = "inbox"
    static let header = "coord inbox cache 1 "
    static let window: Int64 = 4096

    struct Body: Codable {
        var covered: Int64
        var head: String
        var tail: String
        var delivered: Int
        var done: Int
        var messages: [InboxMessage]
    }

    static func fileName(_ agent: String) -> String { MessageFiles.baseName(agent) + ".idx" }

    private static func folder(_ board: BoardDirectory, create: Bool) throws -> BoardDirectory? {
        guard let state = try board.subdirectory(folder, create: create) else { return nil }
        return try state.subdirectory(subfolder, create: create)
    }

    /// The cached fold of `journal`'s first `covered` bytes, when the cache still answers for them.
    static func load(_ agent: String, board: BoardDirectory, journal: BoardFile, size: Int64) -> (InboxState, Int64)? {
        guard let folder = try? folder(board, create: false),
              let bytes = try? folder.read(fileName(agent)),
              let newline = bytes.firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        let first = String(decoding: bytes[..<newline], as: UTF8.self)
        let rest = bytes[(newline + 1)...]
        guard first.hasPrefix(header), String(first.dropFirst(header.count)) == CacheChecksum.of(rest),
              let body = try? BoardJSON.decode(Body.self, from: rest),
              body.covered <= size, body.covered >= 0,
              let sums = try? windows(journal, covered: body.covered), sums.head == body.head, sums.tail == body.tail
        else { return nil }
        return (InboxState(messages: body.messages, delivered: body.delivered, doneCount: body.done), body.covered)
    }

    /// Saves `state`, the fold of `journal`'s first `covered` bytes. Best effort: it is only a cache.
    static func save(_ state: InboxState, covered: Int64, agent: String, board: BoardDirectory, journal: BoardFile) {
        guard !state.keepingDone, let sums = try? windows(journal, covered: covered),
              let folder = try? folder(board, create: true)
        else { return }
        let body = Body(covered: covered, head: sums.head, tail: sums.tail, delivered: state.delivered,
                        done: state.doneCount, messages: state.messages)
        guard let json = try? BoardJSON.line(body) else { return }
        let bytes = Array((header + CacheChecksum.of(json[...]) + "\n").utf8) + json
        try? folder.replace(fileName(agent), with: bytes)
    }

    private static func windows(_ journal: BoardFile, covered: Int64) throws -> (head: String, tail: String) {
        let head = try journal.read(0 ..< min(window, covered))
        let tail = try journal.read(max(0, covered - window) ..< covered)
        return (CacheChecksum.of(head), CacheChecksum.of(tail))
    }
}

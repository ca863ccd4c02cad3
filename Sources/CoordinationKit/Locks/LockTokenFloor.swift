import CoordStorage
/// `.coordination/.state/lock-token`: the highest fencing token this machine
/// has handed out, kept outside `locks.jsonl` so that tokens never go
/// backwards when the journal is replaced by an older copy (a `git checkout`,
/// a restore from backup) or deleted.
///
/// It is not a cache: it only ever raises the next token. It is written under
/// the board lock before the grant that uses the token is appended, so a
/// crash in between wastes a token but never reuses one. It holds the number
/// as decimal digits and a newline; anything else reads as 0 (no floor), and
/// `coord doctor` is not needed to repair it: the next grant rewrites it.
///
/// Limits: the floor is local to one machine (the `.state/` folder is not in
/// git), so two clones of a board each keep their own; and removing both the
/// journal and this file starts tokens again from the board's archive-free
/// state. docs/format.md states the guarantee.
struct LockTokenFloor {
    static let fileName = "lock-token"

    let board: BoardDirectory

    /// The recorded floor, or 0 when there is none or it is unreadable.
    func read() -> Int64 {
        guard let folder = try? board.subdirectory(BulletinIndex.folder, create: false),
              let bytes = try? folder.read(Self.fileName), bytes.last == LineScanner.newline,
              let value = Int64(String(decoding: bytes.dropLast(), as: UTF8.self)), value >= 0
        else { return 0 }
        return value
    }

    /// Raises the floor to `token`, which the caller has checked is above `read()`
    /// under the same board lock. Before the record that hands `token` out is
    /// appended: a failure here commits nothing.
    ///
    /// Written in place with one small write, zero-padded to a fixed width: a
    /// replacement by rename costs ext4 a flush of the new file, more than the
    /// rest of a lock command. At a fixed width a larger number is also larger
    /// as text, so a write cut short (new digits in front, old ones behind)
    /// still reads at least the old floor.
    func raise(to token: Int64) throws {
        guard let folder = try board.subdirectory(BulletinIndex.folder, create: true) else { return }
        let digits = String(token)
        let bytes = Array((String(repeating: "0", count: max(0, 20 - digits.count)) + digits + "\n").utf8)
        let file = try folder.openOrCreate(Self.fileName, mode: .readWrite)
        try file.overwrite(bytes, at: 0)
        if try file.size() > Int64(bytes.count) { try file.truncate(to: Int64(bytes.count)) }
    }
}

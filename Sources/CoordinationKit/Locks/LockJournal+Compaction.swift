import CoordStorage
import FoundationEssentials

extension LockJournal {
    /// Keeps `locks.jsonl` short so that every lock command reads a few
    /// kilobytes however long the board's history is.
    ///
    /// Inside the board lock (so no writer appends in between):
    /// 1. every line the current locks do not need (closed grants, older
    ///    renewals, the previous checkpoint, unreadable or torn lines) is
    ///    appended, byte for byte, to `archive/locks-YYYY-MM.jsonl` in one
    ///    write, followed by an `expire` record for each lapsed grant nobody
    ///    closed (each checkpoint reaches the archive when the next one replaces it);
    /// 2. `locks.jsonl` is replaced atomically (rename) by the checkpoint,
    ///    which carries the highest token ever granted, and the lines of the
    ///    grants still blocking, unchanged.
    ///
    /// A crash between the two steps leaves records in both files; readers of
    /// history drop repeated ids, and the fold of `locks.jsonl` is unchanged.
    func compact(_ snapshot: Snapshot, table: LockTable, now: Date) throws -> Snapshot {
        let keep = table.recordIDsToKeep(at: now)
        let newline = UInt8(ascii: "\n")
        var kept: [UInt8] = []
        var keptIDs: Set<String> = []
        var moved: [UInt8] = []
        var movedLines = 0
        var end = 0
        for line in snapshot.lines {
            let bytes = snapshot.bytes[line.range]
            if let index = line.event, keep.contains(snapshot.events[index].id),
               keptIDs.insert(snapshot.events[index].id).inserted {
                kept += bytes
                kept.append(newline)
            } else {
                moved += bytes
                moved.append(newline)
                movedLines += 1
            }
            end = line.range.upperBound + 1
        }
        if end < snapshot.bytes.count {
            // A torn tail left by a writer that died: moved like any other line.
            moved += snapshot.bytes[end...]
            moved.append(newline)
            movedLines += 1
        }
        var closing = table.lapsed(at: now).map {
            LockEvent(event: .expire, at: now, token: $0.token, path: $0.path, holder: $0.holder, expires: $0.expires)
        }
        for index in closing.indices {
            closing[index].id = try LockEvent.derivedID(closing[index], position: Int64(snapshot.bytes.count), index: index)
        }
        moved += try Self.lines(closing)
        let archiveName = Self.archiveName(for: now)
        var checkpoint = LockEvent(event: .checkpoint, at: now, token: table.highWater,
                                   archive: Self.archiveFolder + "/" + archiveName, archived: movedLines + closing.count)
        checkpoint.id = try LockEvent.derivedID(checkpoint, position: Int64(snapshot.bytes.count), index: closing.count)

        guard let folder = try board.subdirectory(Self.archiveFolder, create: true) else {
            throw CoordError.io("create the folder", path: board.child(Self.archiveFolder), errno: SystemCall.noSuchFile)
        }
        try folder.openOrCreate(archiveName, mode: .append).append(moved)
        try board.replace(Self.fileName, with: try Self.lines([checkpoint]) + kept)
        return try read()
    }
}

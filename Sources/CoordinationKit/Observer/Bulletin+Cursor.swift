import CoordStorage

/// Reading the bulletin forward from a byte offset: what the observer has
/// not seen yet.
extension Bulletin {
    /// What was appended after `offset`, up to the last complete line.
    public struct Increment: Sendable {
        public var entries: [BulletinEntry]
        /// Where the next read continues.
        public var end: Int64
        /// True when the bulletin was shorter than `offset` (replaced or
        /// rewritten) or the gap was too long, so reading restarted nearer the end.
        public var restarted: Bool
    }

    /// The most a pass reads forward; beyond that it keeps only the newest part.
    public static let maximumIncrementBytes: Int64 = 4 * 1024 * 1024

    /// Complete entries appended after `offset`. With `offset` nil (a first
    /// pass), nothing is read and the end is returned, so history is not
    /// replayed as news.
    public func entries(after offset: Int64?) throws -> Increment {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else {
            return Increment(entries: [], end: 0, restarted: offset.map { $0 > 0 } ?? false)
        }
        let size = try file.size()
        guard var start = offset else { return Increment(entries: [], end: try end(), restarted: false) }
        var restarted = false
        if start > size {
            start = 0
            restarted = true
        }
        if size - start > Self.maximumIncrementBytes {
            start = size - Self.maximumIncrementBytes
            restarted = true
        }
        guard size > start else { return Increment(entries: [], end: start, restarted: restarted) }
        var bytes = try file.read(start ..< size)
        if restarted && start > 0 {
            // Begin at a line boundary.
            guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
                return Increment(entries: [], end: start, restarted: true)
            }
            start += Int64(newline + 1)
            bytes.removeSubrange(...newline)
        }
        guard let last = bytes.lastIndex(of: UInt8(ascii: "\n")) else {
            return Increment(entries: [], end: start, restarted: restarted)
        }
        bytes.removeSubrange((last + 1)...)
        let store = BulletinIndexStore(board: workspace.board)
        let (index, _) = try store.current(for: file, size: size)
        let today = workspace.timeZone.local(workspace.clock.now()).date
        let scan = Self.scan(bytes, path: path, base: start, marksFrom: index.marksFrom, today: today,
                             startDate: try store.date(at: max(0, start - 1), in: file, index: index))
        return Increment(entries: scan.entries, end: start + Int64(bytes.count), restarted: restarted)
    }
}

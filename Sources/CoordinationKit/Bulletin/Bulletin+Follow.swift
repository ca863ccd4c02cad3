import CoordStorage

/// `coord read --follow`: like `tail -f`, but entry-aware.
extension Bulletin {
    /// Calls `deliver` with each batch of new complete entries appended after
    /// `offset`, until SIGINT or SIGTERM. Idle waiting is an inotify sleep.
    /// Returns the signal that ended the loop.
    ///
    /// Pass a `waiter` made before reading what comes before `offset`, so that a
    /// Ctrl-C during that first read also ends the follow cleanly.
    public func follow(
        from offset: Int64, query: BulletinQuery, waiter: ChangeWaiter? = nil,
        deliver: ([BulletinEntry]) throws -> Void
    ) throws -> Int32 {
        let waiter = try waiter ?? ChangeWaiter(watching: workspace.board)
        var position = offset
        var lineNumber = 1
        var (date, marksFrom) = try stateAtEnd(offset)
        while true {
            if let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) {
                let size = try file.size()
                if size < position { position = 0 }  // replaced or truncated: start over
                if size > position {
                    let bytes = try file.read(position ..< size)
                    if let last = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                        let complete = Array(bytes[...last])
                        let today = workspace.timeZone.local(workspace.clock.now()).date
                        let scan = Self.scan(complete, path: path, base: position, marksFrom: marksFrom,
                                             today: today, startDate: date, firstLine: lineNumber)
                        date = scan.headings.last ?? date
                        marksFrom = scan.marksFrom
                        lineNumber += complete.count(where: { $0 == UInt8(ascii: "\n") })
                        position += Int64(complete.count)
                        let matching = scan.entries.filter(query.matches)
                        if !matching.isEmpty { try deliver(matching) }
                    }
                }
            }
            if case .terminated(let signal) = waiter.wait(timeoutSeconds: nil) { return signal }
        }
    }

    /// The end of the last complete line, and the date in force there.
    public func end() throws -> Int64 {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else { return 0 }
        let size = try file.size()
        var end: Int64 = 0
        try LineScanner.scanBackward(file, endingAt: size) { line in
            end = line.offset + Int64(line.bytes.count) + 1
            return false
        }
        return end
    }

    /// The date in force at `offset`, and where coord began marking its lines.
    private func stateAtEnd(_ offset: Int64) throws -> (CivilDate?, Int64?) {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else { return (nil, nil) }
        let store = BulletinIndexStore(board: workspace.board)
        let (index, _) = try store.current(for: file, size: try file.size())
        return (try store.date(at: max(0, offset - 1), in: file, index: index), index.marksFrom)
    }
}

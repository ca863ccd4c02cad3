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
        var date = try dateAtEnd(offset)
        while true {
            if let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) {
                let size = try file.size()
                if size < position { position = 0 }  // replaced or truncated: start over
                if size > position {
                    let bytes = try file.read(position ..< size)
                    if let last = bytes.lastIndex(of: UInt8(ascii: "\n")) {
                        let complete = Array(bytes[...last])
                        let today = workspace.timeZone.local(workspace.clock.now()).date
                        let scan = Self.scan(complete, path: path, base: position, hand: BulletinIndex(),
                                             today: today, startDate: date, firstLine: lineNumber)
                        date = scan.headings.last ?? date
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

    private func dateAtEnd(_ offset: Int64) throws -> CivilDate? {
        guard let file = try workspace.board.openFile(Self.fileName, mode: .readOnly) else { return nil }
        let (index, _) = try BulletinIndexStore(board: workspace.board).current(for: file, size: try file.size())
        return index.date(at: max(0, offset - 1))
    }
}

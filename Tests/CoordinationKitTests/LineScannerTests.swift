import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct LineScannerTests {
    /// Random bytes that are mostly short lines, with empty lines, runs of
    /// newlines, NULs and multi-byte text.
    static func randomFile(_ random: inout SeededRandom) -> [UInt8] {
        let alphabet: [UInt8] = Array("ab -[]:#\n\n\n".utf8) + [0, 0xC3, 0xA9]
        var bytes = (0 ..< Int.random(in: 0 ... 300, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
        if Bool.random(using: &random) { bytes.append(UInt8(ascii: "\n")) }
        return bytes
    }

    @Test func backwardScanSeesExactlyTheForwardLines() throws {
        let board = try TemporaryBoard()
        let directory = try board.workspace().board
        var random = SeededRandom(seed: 42)
        for round in 0 ..< 300 {
            let bytes = Self.randomFile(&random)
            try directory.replace("scan.txt", with: bytes)
            let file = try #require(try directory.openFile("scan.txt", mode: .readOnly))
            let forward = LineScanner.lines(of: bytes)
            for chunkSize in [1, 2, 3, 7, 64, 64 * 1024] {
                var backward: [FileLine] = []
                try LineScanner.scanBackward(file, endingAt: Int64(bytes.count), chunkSize: chunkSize) { line in
                    backward.append(line)
                    return true
                }
                let same = backward.reversed().map { ($0.offset, Array($0.bytes)) }.elementsEqual(forward.map { ($0.offset, Array($0.bytes)) }) { $0 == $1 }
                #expect(same, "round \(round), chunk \(chunkSize): \(bytes)")
            }
        }
    }

    @Test func anUnterminatedLastLineIsNeverReturned() throws {
        let board = try TemporaryBoard()
        let directory = try board.workspace().board
        let bytes = Array("one\ntwo\nthree, still being writ".utf8)
        try directory.replace("scan.txt", with: bytes)
        let file = try #require(try directory.openFile("scan.txt", mode: .readOnly))
        #expect(LineScanner.lines(of: bytes).map(\.text) == ["one", "two"])
        #expect(LineScanner.lines(of: bytes).map(\.number) == [1, 2])
        var seen: [String] = []
        try LineScanner.scanBackward(file, endingAt: Int64(bytes.count), chunkSize: 4) { seen.append($0.text); return true }
        #expect(seen == ["two", "one"])
    }

    @Test func backwardScanStopsWhenAsked() throws {
        let board = try TemporaryBoard()
        let directory = try board.workspace().board
        let bytes = Array((1 ... 1000).map { "line \($0)\n" }.joined().utf8)
        try directory.replace("scan.txt", with: bytes)
        let file = try #require(try directory.openFile("scan.txt", mode: .readOnly))
        var seen: [String] = []
        try LineScanner.scanBackward(file, endingAt: Int64(bytes.count), chunkSize: 16) { line in
            seen.append(line.text)
            return seen.count < 3
        }
        #expect(seen == ["line 1000", "line 999", "line 998"])
    }
}

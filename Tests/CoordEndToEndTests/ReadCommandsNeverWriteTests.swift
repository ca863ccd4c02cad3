import CoordinationKit
import CoordTestSupport
import Glibc
import Testing

/// Read commands change nothing: not a byte, not a file, not a timestamp, and
/// they work on a board nobody may write.
@Suite struct ReadCommandsNeverWriteTests {
    /// Every read command, as a first-time user runs them on the sample.
    static let readCommands: [[String]] = [
        ["status"], ["status", "--json"], ["status", "--at", "2026-11-20T18:05"],
        ["read"], ["read", "--since", "2h"], ["read", "--json", "--limit", "0"], ["read", "--at", "2026-11-20"],
        ["locks"], ["locks", "--json"], ["decisions"], ["decisions", "--unacked"], ["decision", "show", "ADR-001"],
        ["workers"], ["workers", "--json"], ["worker", "show", "backend-api"],
        ["check", "src/auth/refresh.swift"], ["doctor"], ["synthesize", "--date", "2026-11-20", "--out", "-"],
        ["synthesize", "--date", "2026-11-20", "--out", "-", "--json"],
    ]

    /// A copy of the sample board, as a workspace (`ROOT/.coordination`).
    static func sampleCopy() throws -> TemporaryBoard {
        let board = try TemporaryBoard(initialise: false)
        let copy = try Subprocess.run(["/bin/cp", "-R", SampleBoardTests.repositoryRoot + "/.coordination-sample", board.boardPath])
        #expect(copy.status == 0, "\(copy.standardError)")
        return board
    }

    @Test func everyReadCommandLeavesTheSampleByteForByteAsItWas() throws {
        let board = try Self.sampleCopy()
        // A hand-appended line leaves the bulletin index behind: a reader must not catch it up on disk.
        board.appendRaw("BULLETIN.md", Array("- [18:30] nightly: backup done\n".utf8))
        // The whole workspace: `--out -` must not leave a file named "-" beside the board either.
        let before = try BoardSnapshot.take(board.root)
        for command in Self.readCommands {
            let result = try CoordBinary.run(command, in: board.root, environment: ["COORD_AGENT": "reader"])
            #expect(result.status == 0, "\(command): \(result.standardError)")
            let after = try BoardSnapshot.take(board.root)
            #expect(after == before, "coord \(command.joined(separator: " ")) changed the board: \(after.difference(from: before))")
        }
    }

    @Test func aBoardWithAnIndexStaysUnchangedToo() throws {
        // A board coord wrote itself has .lock and .state/: readers must not touch them either.
        let board = try TemporaryBoard()
        let env = ["COORD_AGENT": "alice", "COORD_NOW": "2026-11-21T09:30:00Z"]
        #expect(try CoordBinary.run(["post", "first"], in: board.root, environment: env).status == 0)
        #expect(try CoordBinary.run(["lock", "src/", "--intent", "x"], in: board.root, environment: env).status == 0)
        board.appendRaw("BULLETIN.md", Array("- [2026-11-21 09:40] cron: by hand\n".utf8))
        let before = try BoardSnapshot.take(board.boardPath)
        #expect(before.files.keys.contains(".state/bulletin.idx"))
        for command in [["status"], ["read", "--since", "1h"], ["locks"], ["check", "src/a"], ["doctor"], ["workers"]] {
            let result = try CoordBinary.run(command, in: board.root, environment: env)
            #expect(result.status == 0 || command[0] == "check", "\(command): \(result.standardError)")
        }
        #expect(try BoardSnapshot.take(board.boardPath) == before)
    }

    @Test func everyReadCommandWorksOnAReadOnlyBoard() throws {
        let writable = try Self.sampleCopy()
        let readOnly = try Self.sampleCopy()
        #expect(try Subprocess.run(["/bin/chmod", "-R", "a-w", readOnly.boardPath]).status == 0)
        #expect(try Subprocess.run(["/bin/chmod", "a+rx", readOnly.root]).status == 0)
        defer { _ = try? Subprocess.run(["/bin/chmod", "-R", "u+w", readOnly.boardPath]) }
        // chmod does not bind root: run the reader as an unprivileged user then.
        let asReader: [String] = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []
        #expect(getuid() != 0 || FileBytes.exists(asReader[0]), "setpriv (util-linux) is needed to test a read-only board as root")
        let probe = try Subprocess.run(asReader + ["/bin/sh", "-c", "touch \"$0/.coordination/probe\"", readOnly.root])
        #expect(probe.status != 0, "the board is still writable, so this test could not fail")
        let env = ["COORD_AGENT": "reader", "COORD_NOW": "2026-11-20T17:05:00Z"]
        for command in Self.readCommands {
            let expected = try CoordBinary.run(command, in: writable.root, environment: env)
            let result = try Subprocess.run(asReader + [CoordBinary.fastest] + command, environment: env, directory: readOnly.root)
            // The same answer as on a writable copy (each copy's own path aside).
            func same(_ text: String, _ root: String) -> String { text.replacing(root, with: "ROOT") }
            #expect(result.status == expected.status, "\(command): \(result.standardError)")
            #expect(same(result.standardError, readOnly.root) == same(expected.standardError, writable.root), "\(command)")
            #expect(same(result.standardOutput, readOnly.root) == same(expected.standardOutput, writable.root), "\(command)")
        }
    }
}

/// A board's files, bytes and modification times, to compare before and after.
struct BoardSnapshot: Equatable {
    struct File: Equatable {
        var bytes: [UInt8]?
        var modified: Int64
        var mode: UInt32
    }

    var files: [String: File]

    static func take(_ folder: String) throws -> BoardSnapshot {
        let listing = try Subprocess.run(["/usr/bin/find", ".", "-mindepth", "1"], directory: folder)
        var files: [String: File] = [:]
        for line in listing.standardOutput.split(separator: "\n") {
            let name = String(line.dropFirst(2))
            var st = stat()
            guard lstat(folder + "/" + name, &st) == 0 else { continue }
            let isFile = st.st_mode & S_IFMT == S_IFREG
            files[name] = File(bytes: isFile ? FileBytes.read(folder + "/" + name) : nil,
                               modified: Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec),
                               mode: st.st_mode)
        }
        return BoardSnapshot(files: files)
    }

    func difference(from other: BoardSnapshot) -> String {
        let added = Set(files.keys).subtracting(other.files.keys).sorted()
        let removed = Set(other.files.keys).subtracting(files.keys).sorted()
        let changed = files.keys.filter { other.files[$0] != nil && other.files[$0] != files[$0] }.sorted()
        return "added \(added), removed \(removed), changed \(changed)"
    }
}

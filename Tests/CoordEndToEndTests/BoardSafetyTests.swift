import CoordStorage
import CoordTestSupport
import CoordinationKit
import Glibc
import Testing

/// Links planted in the board, names that would break the line grammar, and
/// group-shared boards.
@Suite struct BoardSafetyTests {
    let environment = ["COORD_AGENT": "a", "COORD_NOW": "2026-11-21T09:30:00Z"]

    /// A file outside the board that an attacker would like coord to write to.
    func plantTarget(in board: TemporaryBoard) -> (path: String, bytes: [UInt8]) {
        let path = board.root + "/outside.txt"
        let bytes = Array("precious content\n".utf8)
        FileBytes.write(path, bytes)
        return (path, bytes)
    }

    @Test(arguments: ["BULLETIN.md", ".lock", "board.json"])
    func aPlantedSymlinkIsRefusedAndItsTargetUnchanged(_ name: String) throws {
        let board = try TemporaryBoard()
        let target = plantTarget(in: board)
        unlink(board.path(name))
        #expect(symlink(target.path, board.path(name)) == 0)

        let post = try CoordBinary.run(["post", "hello"], in: board.root, environment: environment)
        #expect(post.status == 1)
        #expect(post.standardError == "coord: Refusing to use '\(board.path(name))' because it is a symbolic link; remove it and let coord create the file again.\n")
        #expect(FileBytes.read(target.path) == target.bytes)
        let doctor = try CoordBinary.run(["doctor"], in: board.root, environment: environment)
        #expect(doctor.status == 1)
        if name != "board.json" {  // without board.json there is no board to examine
            #expect(doctor.standardOutput.contains("error: \(board.path(name)): This is a symbolic link or special file"))
        }
    }

    @Test func aHardLinkedBulletinIsRefused() throws {
        let board = try TemporaryBoard()
        let target = plantTarget(in: board)
        unlink(board.path("BULLETIN.md"))
        #expect(link(target.path, board.path("BULLETIN.md")) == 0)

        for arguments in [["post", "hello"], ["read"]] {
            let result = try CoordBinary.run(arguments, in: board.root, environment: environment)
            #expect(result.status == 1)
            #expect(result.standardError.contains("'\(board.path("BULLETIN.md"))' because it has 2 hard links"))
        }
        #expect(FileBytes.read(target.path) == target.bytes)
        let doctor = try CoordBinary.run(["doctor"], in: board.root, environment: environment)
        #expect(doctor.status == 1)
        #expect(doctor.standardOutput.contains("hard links"))
    }

    @Test func aSymlinkedBoardFolderIsRefused() throws {
        let board = try TemporaryBoard()
        let elsewhere = board.root + "/elsewhere"
        #expect(rename(board.boardPath, elsewhere) == 0)
        #expect(symlink(elsewhere, board.boardPath) == 0)
        let before = FileBytes.read(elsewhere + "/BULLETIN.md")

        for arguments in [["post", "hello"], ["post", "hello", "-C", board.root], ["read", "-C", board.boardPath]] {
            let result = try CoordBinary.run(arguments, in: board.root, environment: environment)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError.contains("Refusing to use '\(board.boardPath)' because it is a symbolic link"), "\(arguments)")
        }
        #expect(FileBytes.read(elsewhere + "/BULLETIN.md") == before)
    }

    @Test(arguments: ["", "a:b", "evil]", "[x", "two\nlines", "cr\r", "bell\u{07}", "esc\u{1B}[31m", "sep\u{2028}", " padded"])
    func aBadAgentNameIsAUsageErrorAndWritesNothing(_ name: String) throws {
        let board = try TemporaryBoard()
        let before = board.contents("BULLETIN.md")
        for variables in [["COORD_NOW": "2026-11-21T09:30:00Z"], ["COORD_AGENT": name, "COORD_NOW": "2026-11-21T09:30:00Z"]] {
            let arguments = variables["COORD_AGENT"] == nil ? ["post", "hello", "--as", name] : ["post", "hello"]
            // An empty COORD_AGENT means "not set" (the login name is used), so only --as "" is an error.
            if name.isEmpty && variables["COORD_AGENT"] != nil { continue }
            let result = try CoordBinary.run(arguments, in: board.root, environment: variables)
            #expect(result.status == 64)
            // One sentence on one line, naming the value (escaped) and the fix.
            if variables["COORD_AGENT"] == nil {
                #expect(result.standardError.hasPrefix("coord: The agent name '\(Escaping.escape(name))' "))
                #expect(result.standardError.hasSuffix("; choose a name such as 'backend-worker' or 'alice'.\n"))
            } else {
                #expect(result.standardError.hasPrefix("coord: COORD_AGENT is '\(Escaping.escape(name))', which "))
                #expect(result.standardError.hasSuffix("; set it to a name such as worker-1 or unset it.\n"))
            }
            #expect(result.standardError.utf8.count(where: { $0 == UInt8(ascii: "\n") }) == 1)
        }
        #expect(board.contents("BULLETIN.md") == before)
    }

    @Test func aGroupSharedBoardStaysGroupWritableUnderAStrictUmask() throws {
        let scratch = try TemporaryBoard(initialise: false)
        #expect(chmod(scratch.root, 0o2775) == 0)
        let binary = CoordBinary.path
        for arguments in [["init"], ["post", "hello"]] {
            let result = try Subprocess.run(["/bin/sh", "-c", #"umask 077; exec "$0" "$@""#, binary] + arguments,
                                            environment: environment, directory: scratch.root)
            #expect(result.status == 0, "\(result.standardError)")
        }
        func mode(_ path: String) -> UInt32 {
            var st = stat()
            return lstat(path, &st) == 0 ? UInt32(st.st_mode) : 0
        }
        for folder in ["", "/.state"] {
            let path = scratch.boardPath + folder
            #expect(mode(path) & 0o2070 == 0o2070, "\(path) is \(String(mode(path), radix: 8))")
        }
        for file in ["board.json", "BULLETIN.md", ".gitattributes", ".gitignore", ".lock", ".state/bulletin.idx"] {
            let path = scratch.path(file)
            #expect(mode(path) & 0o060 == 0o060, "\(file) is \(String(mode(path), radix: 8))")
            // The umask still keeps everyone else out.
            #expect(mode(path) & 0o007 == 0, "\(file) is \(String(mode(path), radix: 8))")
        }
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// The hazards live between processes, so these tests use real ones.
@Suite struct LockRaceEndToEndTests {
    @Test func exactlyOneOfSixteenRacersWinsEveryRound() throws {
        let scene = try LockScene()
        // The last round mixes spellings and a folder with a file inside it: all of them overlap.
        let rounds: [[String]] = [["race/one"], ["race/two"], ["race/three"], ["race/four"], ["race/five"],
                                  ["race/m", "race/m/x.swift", "./race//m/x.swift/"]]
        for (round, spellings) in rounds.enumerated() {
            // A starting gate outside coord: every racer waits for a shared flock on
            // `gate` while the test holds it exclusively, then all start at once.
            let gate = try StartingGate(scene.root + "/gate-\(round)")
            let racers = try (0 ..< 16).map { index in
                try Subprocess.start(
                    ["/usr/bin/flock", "-s", gate.path, CoordBinary.fastest, "lock", spellings[index % spellings.count],
                     "--intent", "round \(round)", "--quiet"],
                    environment: LockScene.environment("racer-\(index)", at: "09:00:00"), directory: scene.root)
            }
            try scene.waitUntil("all racers wait at the gate") { gate.waiters == 16 }
            gate.open()
            let results = racers.map { $0.wait() }
            #expect(results.filter { $0.status == 0 }.count == 1, "round \(round): \(results.map(\.status))")
            #expect(results.filter { $0.status == ExitStatus.conflict }.count == 15, "round \(round)")
        }
        let grants = try scene.records("acquire")
        #expect(grants.map { $0["token"]?.integerValue } == Array(1 ... Int64(rounds.count)))
        #expect(Set(grants.compactMap { $0["id"]?.stringValue }).count == rounds.count, "every record has its own id")
    }

    @Test func aFlockHolderOfTheBoardLockBlocksCoordLock() throws {
        let scene = try LockScene()
        let gate = scene.root + "/gate"
        #expect(mkfifo(gate, 0o600) == 0)
        // A shell script inside the board's critical section: it appends a grant by
        // hand once the gate opens, then lets go.
        let line = #"{"at":"2026-11-21T09:00:00.000Z","event":"acquire","expires":"2026-11-21T10:00:00.000Z","holder":"shell-script","id":"00000000000000f1","intent":"by hand","path":"shared","token":1,"ttl":3600,"v":1}"#
        let holder = try Subprocess.start(
            ["/usr/bin/flock", ".coordination/.lock", "/bin/sh", "-c", "read go < gate; echo '\(line)' >> .coordination/locks.jsonl"],
            directory: scene.root)
        try scene.waitUntil("flock(1) holds the board lock") {
            (try? Subprocess.run(["/usr/bin/flock", "-n", ".coordination/.lock", "true"], directory: scene.root))?.status == 1
        }
        let locker = try scene.start(["lock", "shared/file", "--intent", "mine"], as: "bob")
        // coord is queued behind flock(1) in the kernel's lock table.
        try scene.waitUntil("coord waits for the board lock") { Self.waitsForFlock(pid: locker.pid) }
        let writer = open(gate, O_WRONLY)
        #expect(writer >= 0)
        _ = write(writer, "go\n", 3)
        close(writer)
        #expect(holder.wait().status == 0)
        let result = locker.wait()
        #expect(result.status == ExitStatus.conflict, "coord decided only after the script's grant: \(result.standardError)")
        #expect(result.standardError.contains("shell-script"))
    }

    @Test func aHolderKilledInsideTheCriticalSectionBlocksNobody() throws {
        let scene = try LockScene()
        // Takes the board lock, leaves half a record, and dies by SIGKILL.
        let dying = try Subprocess.run(
            ["/bin/sh", "-c", "exec 9>.coordination/.lock; flock 9; printf '{\"event\":\"acq' >> .coordination/locks.jsonl; kill -9 $$"],
            directory: scene.root)
        #expect(dying.signal == SIGKILL)
        let result = try scene.coord(["lock", "after/crash", "--intent", "carry on"], as: "bob")
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("locked after/crash (token 1)"))
        #expect(scene.board.contents("locks.jsonl")?.hasPrefix("{\"event\":\"acq\n{") == true, "the torn tail stays on its own line")
        #expect(try scene.live() == ["after/crash": "bob"])
    }

    /// True when `/proc/locks` lists `pid` as blocked waiting for an flock.
    static func waitsForFlock(pid: Int32) -> Bool {
        ProcLocks.waiters().contains { $0.pid == pid }
    }
}

/// The kernel's table of file locks: who waits for which file.
enum ProcLocks {
    /// Blocked flock requests: the waiting pid and the inode of the file.
    static func waiters() -> [(pid: Int32, inode: UInt64)] {
        let text = String(decoding: FileBytes.read("/proc/locks") ?? [], as: UTF8.self)
        // "1: -> FLOCK  ADVISORY  WRITE 4242 08:01:1234567 0 EOF"
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 6, fields[1] == "->", fields[2] == "FLOCK", let pid = Int32(fields[5]),
                  let inode = fields[6].split(separator: ":").last.flatMap({ UInt64($0) })
            else { return nil }
            return (pid, inode)
        }
    }
}

/// A file the test holds an exclusive flock on; processes started with
/// `flock -s PATH cmd` wait on it and all start together when it opens.
final class StartingGate {
    let path: String
    private var descriptor: Int32
    private let inode: UInt64

    init(_ path: String) throws {
        self.path = path
        descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        var status = stat()
        guard descriptor >= 0, fstat(descriptor, &status) == 0, flock(descriptor, LOCK_EX) == 0 else {
            throw TimedOut(what: "the gate \(path) could be made")
        }
        inode = UInt64(status.st_ino)
    }

    var waiters: Int { ProcLocks.waiters().filter { $0.inode == inode }.count }

    func open() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
    }

    deinit { open() }
}

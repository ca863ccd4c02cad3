@testable import CoordStorage
import CoordTestSupport
@testable import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// The process identity behind `--pid`: parsing `/proc/PID/stat`, the host
/// identity, and bindings kept through the lock cache and the task checkpoint.
@Suite struct HolderProcessTests {
    /// A `/proc/PID/stat` line with `comm` as the command name and 1234567 as the start time (field 22).
    static func stat(comm: String, state: String = "S") -> [UInt8] {
        let tail = (4 ... 21).map { String($0) }.joined(separator: " ")
        return Array("4242 (\(comm)) \(state) \(tail) 1234567 9999 88 18446744073709551615\n".utf8)
    }

    @Test(arguments: ["sleep", "my prog", "a) (b", ") S 1 2 3", "((", "x)y) Z", ""])
    func theStartTimeIsCountedFromTheLastParenthesis(comm: String) throws {
        let parsed = try #require(ProcessIdentity.parseStat(Self.stat(comm: comm)))
        #expect(parsed.started == 1_234_567)
        #expect(parsed.state == UInt8(ascii: "S"))
    }

    @Test func aZombieIsReadAsSuchAndMalformedLinesAreNil() {
        #expect(ProcessIdentity.parseStat(Self.stat(comm: "z", state: "Z"))?.state == UInt8(ascii: "Z"))
        #expect(ProcessIdentity.parseStat(Array("4242 (cut short) S 1 2 3\n".utf8)) == nil)
        #expect(ProcessIdentity.parseStat(Array("no parenthesis at all".utf8)) == nil)
        #expect(ProcessIdentity.parseStat(Array("1 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 notanumber 5".utf8)) == nil)
        // The last field needs no trailing space or newline.
        let exact = Array("1 (x) S 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 777".utf8)
        #expect(ProcessIdentity.parseStat(exact)?.started == 777)
    }

    @Test func thisProcessIsBoundAndNotEnded() throws {
        let bound = try #require(ProcessIdentity.bind(ProcessIdentity.currentPID))
        #expect(bound.host == ProcessIdentity.host)
        #expect(bound.host.utf8.count == 16)
        #expect(!bound.hasEnded)
        var reused = bound
        reused.started += 1
        #expect(reused.hasEnded, "the same pid with another start time is another process")
        var elsewhere = reused
        elsewhere.host = "0000000000000000"
        #expect(!elsewhere.hasEnded, "a binding from another host falls back to its expiry")
        // The same host hash for the same ids, another for another boot.
        let one = ProcessIdentity.hostHash(machineID: Array("m".utf8), bootID: Array("b1".utf8), pidNamespace: Array("pid:[1]".utf8))
        #expect(one == ProcessIdentity.hostHash(machineID: Array("m".utf8), bootID: Array("b1".utf8), pidNamespace: Array("pid:[1]".utf8)))
        #expect(one != ProcessIdentity.hostHash(machineID: Array("m".utf8), bootID: Array("b2".utf8), pidNamespace: Array("pid:[1]".utf8)),
                "another boot")
        #expect(one != ProcessIdentity.hostHash(machineID: Array("m".utf8), bootID: Array("b1".utf8), pidNamespace: Array("pid:[2]".utf8)),
                "another pid namespace (a container)")
    }

    @Test func aReapedChildIsEnded() throws {
        let child = try Subprocess.start(["/bin/sleep", "300"])
        let bound = try #require(ProcessIdentity.bind(child.pid))
        #expect(!bound.hasEnded)
        child.signal(SIGKILL)
        _ = child.wait()
        #expect(bound.hasEnded)
        #expect(ProcessIdentity.bind(child.pid) == nil)
        #expect(throws: CoordError.self) { try HolderProcess.resolve(String(child.pid), flag: "--pid") }
        #expect(throws: CoordError.self) { try HolderProcess.resolve("-3", flag: "--pid") }
        #expect(throws: CoordError.self) { try HolderProcess.resolve("99999999999", flag: "--pid") }
    }

    @Test func theLockCacheKeepsTheBinding() throws {
        let board = try TemporaryBoard()
        let locks = Locks(try board.workspace())
        let process = try #require(ProcessIdentity.bind(ProcessIdentity.currentPID))
        _ = try locks.acquire(Locks.Request(paths: [try LockPath("src")], holder: try AgentName("ann"), intent: "x",
                                            process: process), announce: false)
        _ = try locks.acquire(Locks.Request(paths: [try LockPath("docs")], holder: try AgentName("ben"), intent: "y"),
                              announce: false)
        let bytes = try #require(try board.workspace().board.read(LockEvent.fileName))
        let cached = try #require(try LockStateCache.current(for: bytes, board: try board.workspace().board, grace: 30))
        #expect(cached.table.grants[try LockPath("src")]?.process == process)
        #expect(cached.table.grants[try LockPath("docs")]?.process == nil)
        let text = try #require(cached.encoded())
        let decoded = try #require(LockStateCache.decode(text, grace: 30))
        #expect(decoded.table.grants == cached.table.grants)
    }

    @Test func claimNextTakesOverAnEndedClaimFromTheCheckpoint() throws {
        let board = try TemporaryBoard()
        // A checkpoint after every write: the claim is read back from it.
        let tasks = Tasks(try board.workspace(), checkpointTail: 0)
        for title in ["one", "two"] { _ = try tasks.add(TaskDraft(title: title), as: try AgentName("ann"), announce: false) }
        let child = try Subprocess.start(["/bin/sleep", "300"])
        let process = try #require(ProcessIdentity.bind(child.pid))
        let first = try tasks.claim(Tasks.ClaimRequest(process: process), as: try AgentName("ann"), announce: false)
        #expect(first.task.id == "T-001")
        let second = try tasks.claim(Tasks.ClaimRequest(), as: try AgentName("ben"), announce: false)
        #expect(second.task.id == "T-002", "a claim bound to a live process is not taken over")
        child.signal(SIGKILL)
        _ = child.wait()
        let third = try tasks.claim(Tasks.ClaimRequest(), as: try AgentName("cat"), announce: false)
        #expect(third.task.id == "T-001")
        #expect(third.claim.token > second.claim.token)
        #expect(board.contents(TaskEvent.fileName)?.contains(#""reason":"holder process ended""#) == true)
    }
}

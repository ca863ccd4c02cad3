import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Glibc
import Testing

/// Racing claimers are separate processes: the hazard lives between them.
@Suite struct TaskRaceEndToEndTests {
    /// 16 processes × 50 rounds racing `task claim --next`. Each round puts 8
    /// equal-priority tasks on the queue (one shell-style append of add records),
    /// so half the racers win one task each and the other half find nothing ready.
    @Test func sixteenRacersClaimEveryTaskExactlyOnce() throws {
        let scene = try LockScene()
        let racers = 16
        let rounds = 50
        let perRound = 8
        var winners: [String] = []
        for round in 0 ..< rounds {
            var lines = ""
            for index in 0 ..< perRound {
                let number = round * perRound + index + 1
                lines += #"{"actor":"seeder","at":"2026-11-21T08:00:00.000Z","event":"add","id":"seed-\#(number)","priority":1,"#
                    + #""task":"\#(TaskID.format(number))","title":"task \#(number)","v":1}"# + "\n"
            }
            scene.board.appendRaw("tasks.jsonl", Array(lines.utf8))
            let gate = try StartingGate(scene.root + "/gate-\(round)")
            let processes = try (0 ..< racers).map { index in
                try Subprocess.start(["/usr/bin/flock", "-s", gate.path, CoordBinary.fastest, "task", "claim", "--next", "--quiet"],
                                     environment: LockScene.environment("racer-\(index)", at: "09:00:00"), directory: scene.root)
            }
            try scene.waitUntil("all racers wait at the gate") { gate.waiters == racers }
            gate.open()
            let results = processes.map { $0.wait() }
            let won = results.filter { $0.status == 0 }.compactMap { LockScene.claimedID($0.standardOutput) }
            #expect(won.count == perRound, "round \(round): \(results.map(\.status))")
            #expect(results.filter { $0.status == ExitStatus.nothingReady }.count == racers - perRound, "round \(round)")
            winners += won
        }
        #expect(winners.count == rounds * perRound)
        #expect(Set(winners).count == winners.count, "no task was won twice")
        let claims = try scene.taskRecords("claim")
        #expect(claims.count == rounds * perRound)
        #expect(Set(claims.compactMap { $0["task"]?.stringValue }).count == claims.count, "one claim record per task")
        let tokens = claims.compactMap { $0["token"]?.integerValue }
        #expect(Set(tokens).count == tokens.count, "every claim has its own fencing token")
        #expect(try scene.readyTasks().isEmpty)
    }
}

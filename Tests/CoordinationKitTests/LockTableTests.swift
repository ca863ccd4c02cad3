import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

@Suite struct LockTableTests {
    let start = TestTime.morning

    func acquire(_ path: String, _ holder: String, token: Int64, at offset: Double = 0, ttl: Double = 600,
                 id: String? = nil) throws -> LockEvent {
        LockEvent(id: id ?? "\(holder)-\(token)-\(path)-\(offset)", event: .acquire, at: start.addingTimeInterval(offset), token: token, path: try LockPath(path),
                  holder: holder, expires: start.addingTimeInterval(offset + ttl), ttl: Int64(ttl), intent: "work")
    }

    @Test func aMergedJournalKeepsTheLowerTokenOfTwoOverlappingGrants() throws {
        // Two clones each granted an overlapping path; git concatenated their lines.
        let events = [try acquire("src/a", "bob", token: 8), try acquire("src", "alice", token: 7)]
        let table = LockTable(events, grace: 30)
        #expect(table.blocking(at: start).map(\.holder) == ["alice"])
        #expect(table.contested == [events[0].id])
    }

    @Test func onATieTheEarlierLineWins() throws {
        let events = [try acquire("src", "alice", token: 7), try acquire("src", "bob", token: 7)]
        let table = LockTable(events, grace: 30)
        #expect(table.blocking(at: start).map(\.holder) == ["alice"])
    }

    @Test func aRepeatedIdIsAppliedOnce() throws {
        let grant = try acquire("src", "alice", token: 1, id: "0000000000000001")
        let release = LockEvent(event: .release, at: start, token: 1, path: try LockPath("src"), holder: "alice")
        let table = LockTable([grant, release, grant], grace: 30)
        #expect(table.blocking(at: start).isEmpty, "the repeated acquire does not bring the lock back")
    }

    @Test func anAcquireAfterExpiryPlusGraceIsNotContested() throws {
        let events = [try acquire("src", "alice", token: 1, ttl: 60), try acquire("src", "bob", token: 2, at: 91)]
        let table = LockTable(events, grace: 30)
        #expect(table.contested.isEmpty)
        #expect(table.blocking(at: start.addingTimeInterval(100)).map(\.holder) == ["bob"])
        #expect(table.highWater == 2)
    }

    @Test func theGracePeriodStillBlocksOthers() throws {
        let table = LockTable([try acquire("src", "alice", token: 1, ttl: 60)], grace: 30)
        let path = try LockPath("src/x")
        #expect(table.conflicts(with: path, for: "bob", at: start.addingTimeInterval(89)).first?.state == .grace)
        #expect(table.conflicts(with: path, for: "bob", at: start.addingTimeInterval(90)).isEmpty)
        #expect(table.conflicts(with: path, for: "alice", at: start).isEmpty, "your own lock never conflicts")
    }
}

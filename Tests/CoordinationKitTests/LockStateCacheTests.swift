@testable import CoordStorage
import CoordTestSupport
@testable import CoordinationKit
import FoundationEssentials
import Testing

/// `.state/locks.idx` never changes an answer: after random lock commands,
/// lines appended by hand, and a damaged or stale cache, the state it gives is
/// the state of folding the whole journal, field by field.
@Suite struct LockStateCacheTests {
    static let paths = ["src", "src/a", "src/a/x.swift", "src/b", "docs", "docs/api.md", "."]
    static let agents = ["ann", "ben", "cat"]

    /// What the full fold gives, in the cache's terms.
    static func fullFold(_ board: TemporaryBoard, grace: Int64) throws -> (LockStateCache, JournalContents<LockEvent>) {
        let snapshot = try LockJournal(directory: try board.workspace().board).read(options: .lines)
        return (LockStateCache.folding(snapshot, grace: grace), snapshot)
    }

    static func expectSame(_ cached: LockStateCache, _ full: LockStateCache, _ context: String) {
        #expect(cached.table.grants == full.table.grants, "\(context): grants")
        #expect(cached.table.highWater == full.table.highWater, "\(context): high water")
        #expect(cached.table.contested == full.table.contested, "\(context): contested")
        #expect(cached.table.recordIDs == full.table.recordIDs, "\(context): record ids")
        #expect(cached.recordBytes == full.recordBytes, "\(context): record bytes")
        #expect(cached.refusals == full.refusals, "\(context): refusals")
        #expect(cached.silentRenewals == full.silentRenewals, "\(context): silent renewals")
        #expect(cached.order == full.order, "\(context): order")
        #expect(cached.latest == full.latest, "\(context): latest")
        #expect(cached.covered == full.covered && cached.checksum == full.checksum, "\(context): coverage")
    }

    @Test(arguments: [7, 8] as [UInt64])
    func theCacheGivesTheFoldOfTheWholeJournal(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let board = try TemporaryBoard()
        let settings = LockSettings(grace: 30, compactionBytes: 2500)
        var now = TestTime.morning
        var usedCache = 0
        for step in 0 ..< 160 {
            now = now.addingTimeInterval(Double(random.next(below: 5) == 0 ? Double(random.next(below: 900)) + 0.3217 : Double(random.next(below: 20))))
            board.clock = .fixed(now)
            let locks = Locks(try board.workspace(), settings: settings)
            let agent = try AgentName(Self.agents[random.next(below: Self.agents.count)])
            let path = try LockPath(Self.paths[random.next(below: Self.paths.count)])
            let context = "seed \(seed) step \(step)"
            switch random.next(below: 12) {
            case 0 ..< 6:
                _ = try locks.acquire(Locks.Request(paths: [path], holder: agent, intent: "step\t\(step) \\ \u{2028}",
                                                    ttl: Int64(30 + random.next(below: 600))), announce: false)
            case 6:
                _ = try? locks.renew([path], by: agent, ttl: 120)
            case 7 ..< 9:
                _ = try? locks.release([], by: agent, announce: false)
            case 9:
                _ = try? locks.release([path], by: agent, force: true, reason: "step \(step)", announce: false)
            case 10:
                // A line appended without coord (a record from elsewhere, a repeated id, or junk).
                let journal = board.path(LockEvent.fileName)
                let lines = FileBytes.read(journal).map { LineScanner.lines(of: $0) } ?? []
                if let line = lines.randomElement(using: &random), random.next(below: 2) == 0 {
                    FileBytes.append(journal, Array(line.bytes) + [LineScanner.newline])
                } else {
                    FileBytes.append(journal, Array("{\"not\":\"a record\"}\n".utf8))
                }
            default:
                // A damaged cache, or none.
                let cache = board.path(".state/" + LockStateCache.fileName)
                if var bytes = FileBytes.read(cache), !bytes.isEmpty, random.next(below: 2) == 0 {
                    bytes[random.next(below: bytes.count)] ^= 0x20
                    FileBytes.write(cache, bytes)
                } else {
                    _ = try board.workspace().board.subdirectory(".state", create: false)?.remove(LockStateCache.fileName)
                }
            }
            let (full, snapshot) = try Self.fullFold(board, grace: settings.grace)
            let workspace = try board.workspace()
            if let cached = try LockStateCache.current(for: snapshot.bytes, board: workspace.board, grace: settings.grace) {
                usedCache += 1
                Self.expectSame(cached, full, context)
                // Compaction weighs the same history either way.
                let keep = full.table.recordIDsToKeep(at: now)
                let refusals = Set(snapshot.values.filter { $0.event == .refuse }.map(\.id))
                let history = snapshot.size - Int64(snapshot.bytes(of: keep))
                    - min(Int64(snapshot.bytes(of: refusals)), settings.compactionBytes)
                #expect(cached.history(size: snapshot.size, at: now, compactionBytes: settings.compactionBytes) == history, "\(context)")
            }
            // What check folds, with and without the cache.
            let viewed = try Locks(workspace, settings: settings).table(asOf: now)
            let plain = LockTable(snapshot.events, grace: settings.grace, asOf: now)
            #expect(viewed.grants == plain.grants && viewed.highWater == plain.highWater, "\(context): check's table")
        }
        #expect(usedCache > 60, "the cache answered \(usedCache) times")
    }

    /// Text with tabs, line breaks and backslashes, ids included, reads back exactly.
    @Test func theTextFormReadsBackExactly() throws {
        var state = LockStateCache(table: LockTable(grace: 30), covered: 0, checksum: LockStateCache.emptyChecksum)
        let at = TestTime.morning.addingTimeInterval(0.123_456)
        let odd = "a\tb\nc\\d \u{2028} \u{1F600}"
        state.fold(LockEvent(id: odd, event: .acquire, at: at, token: 3, path: try LockPath("~x/a b"), holder: odd,
                             expires: at.addingTimeInterval(60), ttl: 60, intent: odd), lineBytes: 200)
        state.fold(LockEvent(id: "-", event: .renew, at: at, token: 3, path: try LockPath("~x/a b"), holder: odd,
                             expires: at.addingTimeInterval(90), ttl: 90), lineBytes: 100)
        state.fold(LockEvent(id: "", event: .refuse, at: at, token: 3, path: try LockPath("~x/a b"), holder: odd, by: "z"),
                   lineBytes: 50)
        let text = try #require(state.encoded())
        let decoded = try #require(LockStateCache.decode(text, grace: 30))
        Self.expectSame(decoded, state, "round trip")
        #expect(decoded.table.grants.values.first?.renewID == "-")
        // The renewal names no intent: compaction from the cache leaves such a grant to the full path.
        #expect(decoded.silentRenewals == ["-"])
        #expect(decoded.order == state.order)
        var cut = text
        cut.removeLast(3)
        #expect(LockStateCache.decode(cut, grace: 30) == nil)
    }

    /// Compaction from the cache writes what compaction of the decoded journal
    /// writes: two boards take the same random lock commands, one with its
    /// cache removed before each (so every compaction decodes the journal), and
    /// their journals and archives stay byte for byte the same.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func compactionFromTheCacheWritesWhatTheFullPathWrites(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let cached = try TemporaryBoard()
        let decoded = try TemporaryBoard()
        let settings = LockSettings(grace: 30, compactionBytes: 700)
        var now = TestTime.morning
        var compactions = 0
        var checkpoint: String? = nil
        var fromCache = 0
        for step in 0 ..< 150 {
            now = now.addingTimeInterval(Double(random.next(below: 4) == 0 ? random.next(below: 700) : random.next(below: 15)) + 0.25)
            let agent = try AgentName(Self.agents[random.next(below: Self.agents.count)])
            let path = try LockPath(Self.paths[random.next(below: Self.paths.count)])
            let operation = random.next(below: 10)
            let ttl = Int64(30 + random.next(below: 600))
            let context = "seed \(seed) step \(step)"
            _ = try decoded.workspace().board.subdirectory(".state", create: false)?.remove(LockStateCache.fileName)
            if step % 2 == 0 {
                // Every other step, the compaction the command would make is made
                // first, straight from the cache, which must be able to make it.
                cached.clock = .fixed(now)
                let workspace = try cached.workspace()
                let bytes = FileBytes.read(cached.path(LockEvent.fileName)) ?? []
                if var state = try LockStateCache.current(for: bytes, board: workspace.board, grace: settings.grace),
                   state.history(size: Int64(bytes.count), at: now, compactionBytes: settings.compactionBytes) > settings.compactionBytes {
                    let locks = Locks(workspace, settings: settings)
                    let compacted = try workspace.board.withExclusiveLock {
                        try locks.compactFromCache(&state, journal: bytes, now: now, highest: LockTokenFloor(board: workspace.board).read())
                    }
                    #expect(compacted == FileBytes.read(cached.path(LockEvent.fileName)), "\(context): compacted from the cache")
                    state.save(to: workspace.board)
                    fromCache += 1
                }
            }
            var journals: [[UInt8]] = []
            for board in [cached, decoded] {
                board.clock = .fixed(now)
                let locks = Locks(try board.workspace(), settings: settings)
                switch operation {
                case 0 ..< 5:
                    _ = try locks.acquire(Locks.Request(paths: [path], holder: agent, intent: "step \(step)", ttl: ttl), announce: false)
                case 5, 6:
                    _ = try? locks.renew([path], by: agent, ttl: ttl)
                case 7, 8:
                    _ = try? locks.release([], by: agent, announce: false)
                default:
                    _ = try? locks.release([path], by: agent, force: true, reason: "step \(step)", announce: false)
                }
                journals.append(FileBytes.read(board.path(LockEvent.fileName)) ?? [])
            }
            #expect(journals[0] == journals[1], "\(context): locks.jsonl")
            let archive = "archive/" + LockArchive.name(for: now)
            #expect(FileBytes.read(cached.path(archive)) == FileBytes.read(decoded.path(archive)), "\(context): archive")
            // The cache the compacting board saved is the fold of its journal.
            let (full, snapshot) = try Self.fullFold(cached, grace: settings.grace)
            if let state = try LockStateCache.current(for: snapshot.bytes, board: try cached.workspace().board, grace: settings.grace) {
                Self.expectSame(state, full, context)
            } else {
                Issue.record("\(context): no usable cache")
            }
            // Each compaction starts the journal with a new checkpoint.
            let head = snapshot.values.first.flatMap { $0.event == .checkpoint ? $0.id : nil }
            if let head, head != checkpoint { compactions += 1 }
            checkpoint = head
        }
        #expect(compactions > 12 && fromCache > 5, "compacted \(compactions) times, \(fromCache) of them called here")
    }

    /// A journal replaced by another with a different history is folded from the start.
    @Test func aReplacedJournalIsNotAnsweredFromTheCache() throws {
        let board = try TemporaryBoard()
        let locks = Locks(try board.workspace())
        _ = try locks.acquire(Locks.Request(paths: [try LockPath("src")], holder: try AgentName("ann"), intent: "x"), announce: false)
        let journal = board.path(LockEvent.fileName)
        let first = try #require(FileBytes.read(journal))
        _ = try locks.acquire(Locks.Request(paths: [try LockPath("docs")], holder: try AgentName("ben"), intent: "y"), announce: false)
        FileBytes.write(journal, first)  // rolled back, as by a git checkout
        let workspace = try board.workspace()
        #expect(try LockStateCache.current(for: first, board: workspace.board, grace: 30) == nil)
        #expect(try Locks(workspace).table(asOf: TestTime.morning).grants.keys.map(\.description) == ["src"])
    }
}

/// `.state/board.idx` answers only for the exact `board.json` it was made from.
@Suite struct BoardConfigurationCacheTests {
    @Test func theCacheAnswersOnlyForTheSameBoardFile() throws {
        let board = try TemporaryBoard(timeZone: try #require(BoardTimeZone(identifier: "Australia/Sydney")))
        let directory = try board.workspace().board
        let lookup: (String) -> String? = { _ in nil }
        let (decoded, cachedAtFirst) = try BoardConfiguration.loadNotingCache(from: directory, environment: lookup)
        if !cachedAtFirst { BoardConfiguration.saveCache(for: directory) }
        let (cached, isCached) = try BoardConfiguration.loadNotingCache(from: directory, environment: lookup)
        #expect(isCached && cached == decoded && cached.timeZone.identifier == "Australia/Sydney")
        // A hand edit of board.json is read, not the cache.
        let json = try #require(FileBytes.read(board.path(BoardConfiguration.fileName)))
        let edited = String(decoding: json, as: UTF8.self).replacing("Australia/Sydney", with: "Europe/Berlin")
        FileBytes.write(board.path(BoardConfiguration.fileName), Array(edited.utf8))
        let (fresh, freshCached) = try BoardConfiguration.loadNotingCache(from: directory, environment: lookup)
        #expect(!freshCached && fresh.timeZone.identifier == "Europe/Berlin")
        // A damaged cache is ignored.
        BoardConfiguration.saveCache(for: directory)
        var bytes = try #require(FileBytes.read(board.path(".state/" + BoardConfigurationCache.fileName)))
        bytes[bytes.count / 2] ^= 0x01
        FileBytes.write(board.path(".state/" + BoardConfigurationCache.fileName), bytes)
        let (again, againCached) = try BoardConfiguration.loadNotingCache(from: directory, environment: lookup)
        #expect(!againCached && again.timeZone.identifier == "Europe/Berlin")
    }

    @Test func aBoardFileOfANewerFormatIsRefusedWithOrWithoutTheCache() throws {
        let board = try TemporaryBoard()
        let directory = try board.workspace().board
        FileBytes.write(board.path(BoardConfiguration.fileName), Array("{\"format\":9,\"timezone\":\"UTC\"}\n".utf8))
        BoardConfiguration.saveCache(for: directory)
        #expect(throws: CoordError.self) { try BoardConfiguration.load(from: directory, environment: { _ in nil }) }
    }
}

/// `.state/lock-token` is rewritten in place at a fixed width and still reads as the number.
@Suite struct LockTokenFloorTests {
    @Test func theFloorIsWrittenInPlaceAndReadsBack() throws {
        let board = try TemporaryBoard()
        let floor = LockTokenFloor(board: try board.workspace().board)
        _ = try board.workspace().board.subdirectory(".state", create: true)
        FileBytes.write(board.path(".state/lock-token"), Array("99\n".utf8))  // as older coord wrote it
        #expect(floor.read() == 99)
        try floor.raise(to: 100)
        #expect(floor.read() == 100)
        #expect(board.contents(".state/lock-token") == "00000000000000000100\n")
        FileBytes.write(board.path(".state/lock-token"), Array("garbage that is longer than twenty bytes\n".utf8))
        try floor.raise(to: 101)
        #expect(board.contents(".state/lock-token") == "00000000000000000101\n")
    }
}

/// The lock commands' cheaper forms give exactly what the general ones give:
/// a journal line encoded without the `Stored` wrapper, and grants looked up by
/// `LockPath.key` instead of by `LockPath`.
@Suite struct LockHotPathEquivalenceTests {
    static let texts = ["src", "src/a", "src/a/x.swift", "./src//a/", "src/../lib", "..", "../shared", ".", "/", "/srv",
                        "/srv/data", "~", "~/notes", "~ann/notes", "a/../~b", "~b", "a b/\u{00E9}", "a b/e\u{0301}",
                        "srcs", "src/a b", "x/y/z/w"]

    @Test func aRecordLineIsTheLineTheJournalWouldWrite() throws {
        let at = TestTime.morning.addingTimeInterval(0.123_456)
        let odd = "a\tb\nc\\d \u{2028} \u{1F600} \"q\" </>"
        var keyed = LockEvent(id: "5f0c9a1e7b3d2c84", event: .acquire, at: at, token: 17, path: try LockPath("src/a"),
                              holder: "ann", expires: at.addingTimeInterval(7200), ttl: 7200, intent: odd)
        keyed.key = "retry-1"
        let records = [
            keyed,
            LockEvent(event: .renew, at: at, token: 17, path: try LockPath("~x/a b"), holder: odd,
                      expires: at.addingTimeInterval(90), ttl: 90),
            LockEvent(id: "x", event: .release, at: at, token: 17, path: try LockPath("."), holder: "ann"),
            LockEvent(id: "y", event: .break, at: at, token: 3, path: try LockPath("/srv"), holder: "ben", by: "cat",
                      reason: odd),
            LockEvent(id: "z", event: .checkpoint, at: at, token: 99, archive: "archive/locks-1.jsonl", archived: 12),
            LockEvent(id: "r", event: .refuse, at: at, token: 4, path: try LockPath("docs"), holder: "ann", by: "ben"),
        ]
        let general = try LockJournal.lines(records.map { Stored(value: $0, version: LockEvent.formatVersion) })
        #expect(try Locks.journalLines(records) == general)
        #expect(try Locks.journalLines([]) == [])
        for (index, record) in records.enumerated() {
            #expect(try Locks.journalLines([record]) == LockJournal.lines([Stored(value: record)]))
            #expect(try LockEvent.derivedID(record, position: 4096, index: index)
                == RecordID.derive(journal: LockEvent.fileName, offset: 4096, index: index, record: record, clearing: { $0.id = "" }))
        }
    }

    @Test func keysAreEqualExactlyWhenPathsAre() throws {
        let paths = try Self.texts.map(LockPath.init)
        for a in paths {
            for b in paths {
                #expect((a.key == b.key) == (a == b), "\(a.root)|\(a.components) against \(b.root)|\(b.components)")
            }
            // A folder key names exactly the folders strictly above the path.
            for b in paths {
                #expect(a.folderKeys.contains(b.key) == (b.contains(a) && b != a), "\(b) above \(a)")
            }
            #expect(a.folderKeys.count == a.components.count)
        }
    }

    @Test func aGrantIsFoundByKeyAsByPath() throws {
        var table = LockTable(grace: 30)
        let at = TestTime.morning
        for (index, text) in Self.texts.enumerated() {
            table.apply(LockEvent(id: "g\(index)", event: .acquire, at: at, token: Int64(index + 1), path: try LockPath(text),
                                  holder: index % 2 == 0 ? "ann" : "ben", expires: at.addingTimeInterval(600), ttl: 600))
        }
        table.apply(LockEvent(id: "end", event: .release, at: at, token: 3, path: try LockPath("src/a/x.swift"), holder: "ann"))
        let grants = table.grants
        #expect(grants.count == table.grantCount)
        for text in Self.texts + ["nothing/here"] {
            let path = try LockPath(text)
            #expect(table.grant(on: path) == grants[path], "\(text)")
        }
        #expect(Set(table.allGrants.map(\.acquireID)) == Set(grants.values.map(\.acquireID)))
    }
}

extension LockHotPathEquivalenceTests {
    /// `check` answered from the cached list of grants says what the fold of the whole journal says.
    @Test(arguments: [3, 4] as [UInt64])
    func aCheckFromTheCacheIsTheCheckOfTheFold(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let board = try TemporaryBoard()
        let settings = LockSettings(grace: 30, compactionBytes: 1_000_000)
        let paths = LockStateCacheTests.paths + ["src/a/y", "docs/api.md/x", "lib"]
        var now = TestTime.morning
        var answeredFromCache = 0
        for step in 0 ..< 120 {
            now = now.addingTimeInterval(Double(random.next(below: 40)))
            board.clock = .fixed(now)
            let workspace = try board.workspace()
            let locks = Locks(workspace, settings: settings)
            let agent = try AgentName(LockStateCacheTests.agents[random.next(below: LockStateCacheTests.agents.count)])
            let path = try LockPath(paths[random.next(below: paths.count)])
            switch random.next(below: 4) {
            case 0, 1:
                _ = try locks.acquire(Locks.Request(paths: [path], holder: agent, intent: "step \(step)",
                                                    ttl: Int64(20 + random.next(below: 120))), announce: false)
            case 2:
                _ = try? locks.release([path], by: agent, announce: false)
            default:
                break
            }
            let asked = try (0 ..< 1 + random.next(below: 3)).map { _ in try LockPath(paths[random.next(below: paths.count)]) }
            let checked = try locks.check(asked, for: agent)
            if try locks.cachedGrants(asOf: now) != nil { answeredFromCache += 1 }
            let full = LockTable(try LockJournal(directory: workspace.board).read().records.lazy.map(\.value),
                                 grace: settings.grace, asOf: now)
            let unique = asked.reduce(into: [LockPath]()) { kept, path in if !kept.contains(path) { kept.append(path) } }
            #expect(checked.paths == unique, "seed \(seed) step \(step): paths")
            #expect(checked.conflicts == unique.flatMap { full.conflicts(with: $0, for: agent.rawValue, at: now) },
                    "seed \(seed) step \(step): conflicts")
            #expect(checked.own == full.blocking(at: now).filter { grant in
                grant.holder == agent.rawValue && unique.contains(where: grant.path.overlaps)
            }, "seed \(seed) step \(step): own")
        }
        #expect(answeredFromCache > 60)
    }
}

import CoordStorage
import CoordTestSupport
import CoordinationKit
import FoundationEssentials
import Testing

/// Random lock, renew, unlock, force-break and clock jumps, checked step by
/// step against a small independent model: the library must agree on every
/// outcome, tokens must only grow, and no two holders may ever hold
/// overlapping paths at the same instant.
@Suite struct LockPropertyTests {
    struct Model {
        struct Held { var holder: String; var token: Int64; var expires: Date; var ttl: Int64 }
        var held: [String: Held] = [:]
        var highWater: Int64 = 0
        let grace = 30.0

        static func overlaps(_ a: String, _ b: String) -> Bool {
            let x = a == "." ? [] : a.split(separator: "/")
            let y = b == "." ? [] : b.split(separator: "/")
            return x.count <= y.count ? Array(y.prefix(x.count)) == x : Array(x.prefix(y.count)) == y
        }

        func blocking(_ path: String, at now: Date) -> Held? {
            guard let entry = held[path], now < entry.expires.addingTimeInterval(grace) else { return nil }
            return entry
        }

        func canLock(_ paths: [String], _ holder: String, at now: Date) -> Bool {
            !held.keys.contains { key in
                guard let entry = blocking(key, at: now), entry.holder != holder else { return false }
                return paths.contains { Self.overlaps($0, key) }
            }
        }
    }

    static let paths = ["src", "src/a", "src/a/x.swift", "src/b", "docs", "docs/api.md", "tools", "."]
    static let agents = ["ann", "ben", "cat", "dan"]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomSequencesKeepTheInvariants(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let board = try TemporaryBoard()
        let settings = LockSettings(grace: 30, compactionBytes: 3000)
        var model = Model()
        var now = TestTime.morning
        var outcomes = (granted: 0, refused: 0, released: 0, renewed: 0)
        for step in 0 ..< 300 {
            now = now.addingTimeInterval(Double(random.next(below: 4) == 0 ? random.next(below: 1200) : random.next(below: 20)))
            board.clock = .fixed(now)
            let locks = Locks(try board.workspace(), settings: settings)
            let agent = Self.agents[random.next(below: Self.agents.count)]
            let name = try AgentName(agent)
            var path = Self.paths[random.next(below: Self.paths.count - (random.next(below: 6) == 0 ? 0 : 1))]
            // Half the time, act on something this agent holds, so renewals and releases happen often.
            let owned = model.held.keys.filter { model.blocking($0, at: now)?.holder == agent }.sorted()
            if !owned.isEmpty && random.next(below: 2) == 0 { path = owned[random.next(below: owned.count)] }
            let context = "seed \(seed) step \(step): \(agent) on \(path)"
            switch random.next(below: 10) {
            case 0 ..< 5:
                var wanted = [path]
                if random.next(below: 3) == 0 { wanted.append(Self.paths[random.next(below: Self.paths.count - 1)]) }
                let ttl = Int64(30 + random.next(below: 900))
                let expected = model.canLock(wanted, agent, at: now)
                let outcome = try locks.acquire(Locks.Request(paths: try wanted.map { try LockPath($0) }, holder: name,
                                                              intent: "step \(step)", ttl: ttl), announce: false)
                guard case .granted(let granted) = outcome else {
                    #expect(!expected, "\(context): refused although free")
                    outcomes.refused += 1
                    break
                }
                outcomes.granted += 1
                #expect(expected, "\(context): granted over someone else's lock")
                for grant in granted.newlyGranted {
                    #expect(grant.token == model.highWater + 1, "\(context): token \(grant.token) after \(model.highWater)")
                }
                let token = model.highWater + 1
                if !granted.newlyGranted.isEmpty { model.highWater = token }
                for grant in granted.grants {
                    let key = grant.path.description
                    let kept = model.blocking(key, at: now).flatMap { $0.holder == agent ? $0.token : nil }
                    model.held[key] = .init(holder: agent, token: kept ?? token, expires: now.addingTimeInterval(Double(ttl)),
                                            ttl: ttl)
                }
            case 5, 6:
                let mine = model.blocking(path, at: now)?.holder == agent
                do {
                    let renewed = try locks.renew([try LockPath(path)], by: name)
                    #expect(mine, "\(context): renewed a lock that is not the caller's")
                    outcomes.renewed += 1
                    if let ttl = model.held[path]?.ttl {
                        model.held[path]?.expires = now.addingTimeInterval(Double(ttl))
                        #expect(renewed.map(\.expires) == [now.addingTimeInterval(Double(ttl))], "\(context): renewal expiry")
                    }
                } catch let error as CoordError {
                    #expect(!mine, "\(context): holder could not renew: \(error.message)")
                }
            default:
                let force = random.next(below: 3) == 0
                let entry = model.blocking(path, at: now)
                let allowed = entry != nil && (entry?.holder == agent || force)
                do {
                    _ = try locks.release([try LockPath(path)], by: name, force: force, reason: force ? "property test" : nil,
                                          announce: false)
                    #expect(allowed, "\(context): released a lock the caller may not release")
                    model.held[path] = nil
                    outcomes.released += 1
                } catch let error as CoordError {
                    #expect(!allowed, "\(context): could not release: \(error.message)")
                }
            }
            // The library's view equals the model's, and nobody overlaps anybody.
            let live = try locks.current().grants
            let expected = model.held.keys.filter { model.blocking($0, at: now) != nil }.sorted()
            #expect(live.map(\.path.description).sorted() == expected, "\(context): live locks differ from the model")
            for grant in live {
                #expect(model.held[grant.path.description]?.token == grant.token, "\(context): token of \(grant.path)")
                #expect(model.held[grant.path.description]?.expires == grant.expires, "\(context): expiry of \(grant.path)")
                for other in live where other.holder != grant.holder {
                    #expect(!grant.path.overlaps(other.path), "\(context): \(grant.path) and \(other.path) held at once")
                }
            }
        }
        #expect(board.contents("archive/locks-2026-11.jsonl") != nil, "the run was long enough to compact")
        // Every kind of outcome happened often enough for the checks above to mean something.
        let summary = "\(outcomes)"
        #expect(outcomes.granted > 30 && outcomes.refused > 30 && outcomes.released > 10 && outcomes.renewed > 5,
                "\(summary)")
    }
}

/// A small seeded generator, so every failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

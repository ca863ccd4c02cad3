import CoordStorage
import FoundationEssentials

/// When each agent last wrote to the board: `.coordination/.state/seen/<agent>.json`.
///
/// The file's modification time is the agent's last-seen instant (the board
/// clock's, so `COORD_NOW` pins it too). After any command that took the board
/// lock as an agent, `coord` sets it with one `utimensat(2)`: no record is
/// parsed or written, so `post` and `lock` stay as fast as before.
/// `coord heartbeat` also writes the file's content, the heartbeat itself:
///
///     {"agent":"worker-1","at":"2026-11-21T09:30:00.000Z","note":"long test run","version":1}
///
/// The folder is machine-local, like the rest of `.state/` (git does not keep
/// file times): on another host an agent's silence is judged from its worker
/// records alone. Deleting it forgets last-seen, nothing else.
public struct LastSeen: Sendable {
    public static let folder = ".state"
    public static let subfolder = "seen"
    public static let supportedVersion = 1

    public let workspace: Workspace
    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// One agent's last sign of life.
    public struct Sighting: Sendable, Equatable {
        public var agent: String
        public var at: Date
        /// The note of its latest heartbeat, and when that was.
        public var note: String?
        public var heartbeat: Date?
    }

    /// The heartbeat file's content.
    struct Heartbeat: Codable {
        var version: Int
        var agent: String
        var at: String
        var note: String?
    }

    /// The file that holds `agent`'s stamp: the name, with every byte outside
    /// `A-Za-z0-9._-` written as `%XX`, then `.json`.
    static func fileName(_ agent: String) -> String {
        var name = ""
        for byte in agent.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                name.append(Character(Unicode.Scalar(byte)))
            default:
                let digits = Array("0123456789ABCDEF")
                name += "%" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
            }
        }
        return name + ".json"
    }

    static func agentName(fromFile name: String) -> String? {
        guard name.hasSuffix(".json") else { return nil }
        var bytes: [UInt8] = []
        var rest = Array(name.utf8.dropLast(5))[...]
        while let byte = rest.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard rest.count >= 2, let value = UInt8(String(decoding: rest.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
            rest = rest.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private func folder(create: Bool) throws -> BoardDirectory? {
        guard let state = try workspace.board.subdirectory(Self.folder, create: create) else { return nil }
        return try state.subdirectory(Self.subfolder, create: create)
    }

    // MARK: Writing

    /// Moves `agent`'s last-seen to now. Best effort: liveness must never
    /// turn a command that did its work into a failure, so a problem is
    /// reported as a warning for standard error.
    public func touch(_ agent: AgentName) -> String? {
        do {
            guard let folder = try folder(create: true) else { return nil }
            let name = Self.fileName(agent.rawValue)
            let now = Self.nanoseconds(workspace.clock.now())
            if SystemCall.setModificationTime(at: folder.descriptor, name, nanoseconds: now) == 0 { return nil }
            _ = try folder.openOrCreate(name, mode: .readWrite)
            let code = SystemCall.setModificationTime(at: folder.descriptor, name, nanoseconds: now)
            return code == 0
                ? nil : "could not record \(agent.rawValue)'s last-seen in '\(folder.child(name))' (\(SystemCall.describe(errno: code)))."
        } catch {
            return "could not record \(agent.rawValue)'s last-seen (\((error as? CoordError)?.message ?? "\(error)"))"
        }
    }

    /// The confirmation `coord heartbeat` prints: `alice seen at 14:02:07`, in the board's zone.
    public func heartbeatText(_ agent: AgentName, at instant: Date) -> String {
        "\(agent.rawValue) seen at \(LockText.clock(instant, zone: workspace.timeZone, seconds: true))"
    }

    /// `coord heartbeat`: records that `agent` is alive, with `note`, now.
    @discardableResult
    public func heartbeat(_ agent: AgentName, note: String?) throws -> Date {
        if let note {
            if note.unicodeScalars.allSatisfy(\.properties.isWhitespace) {
                throw CoordError.invalidInput(
                    "The heartbeat note is empty; drop --note or say what you are doing, for example --note \"running the test suite\".")
            }
            if note.utf8.count > 1000 {
                throw CoordError.invalidInput("The heartbeat note is longer than 1000 bytes; shorten it.")
            }
        }
        let now = workspace.clock.now()
        let body = try BoardJSON.line(Heartbeat(version: Self.supportedVersion, agent: agent.rawValue, at: Timestamp.utc(now), note: note))
        try workspace.board.withExclusiveLock {
            guard let folder = try folder(create: true) else { return }
            let name = Self.fileName(agent.rawValue)
            try folder.replace(name, with: body + [UInt8(ascii: "\n")])
            let code = SystemCall.setModificationTime(at: folder.descriptor, name, nanoseconds: Self.nanoseconds(now))
            if code != 0 { throw CoordError.io("set the time of", path: folder.child(name), errno: code) }
        }
        return now
    }

    // MARK: Reading

    /// Every agent's last-seen, by agent name. Reads only file times, plus the
    /// content of heartbeat files when `notes` is set. Never writes.
    public func all(notes: Bool = false) throws -> [String: Sighting] {
        guard let folder = try folder(create: false) else { return [:] }
        var sightings: [String: Sighting] = [:]
        for name in try folder.listNames() {
            guard let agent = Self.agentName(fromFile: name),
                let identity = SystemCall.identity(at: folder.descriptor, name)
            else { continue }
            var sighting = Sighting(agent: agent, at: Date(timeIntervalSince1970: Double(identity.modified) / 1e9))
            if notes, identity.size > 0, let bytes = try? folder.read(name),
                let beat = try? BoardJSON.decode(Heartbeat.self, from: bytes), beat.version <= Self.supportedVersion
            {
                sighting.note = beat.note
                sighting.heartbeat = Timestamp.parse(beat.at, in: .utc)
            }
            sightings[agent] = sighting
        }
        return sightings
    }

    static func nanoseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1e9).rounded()) }
}

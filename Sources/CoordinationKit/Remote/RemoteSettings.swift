import CoordStorage
import FoundationEssentials

/// `.coordination/remote/`: the board's one git remote and this clone's host id.
///
/// - `remote.json`: `{"name", "url", "version"}`, written by `coord remote add`;
///   its presence is what makes the board a remote board;
/// - `host`: this clone's durable random id (16 hex digits and a newline),
///   made once and kept when the remote is removed and added again;
/// - `git/`: the bare git directory coord's git commands use (never the workspace's repository);
/// - `last-sync`: the instant of the last successful `coord sync`;
/// - `.gitignore`: `*`, so a workspace repository never picks the folder up.
public struct RemoteSettings: Codable, Sendable, Equatable {
    public static let folder = "remote"
    static let fileName = "remote.json"
    static let hostFile = "host"
    static let lastSyncFile = "last-sync"
    static let gitFolder = "git"
    public static let formatVersion = 1

    public var version: Int
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.version = Self.formatVersion
        self.name = name
        self.url = url
    }

    /// True when the board has a remote: one `stat`, the cost a local board pays per exclusive write.
    static func isConfigured(_ board: BoardDirectory) -> Bool {
        board.exists(folder + "/" + fileName)
    }

    /// The remote, or nil when the board has none.
    public static func load(_ board: BoardDirectory) throws -> RemoteSettings? {
        guard let folder = try board.subdirectory(folder, create: false), let bytes = try folder.read(fileName) else {
            return nil
        }
        guard let settings = try? JSONDecoder().decode(RemoteSettings.self, from: Data(bytes)) else {
            throw CoordError.remoteDamaged(folder.child(fileName), reason: "is not a remote description coord wrote")
        }
        guard settings.version <= formatVersion else {
            throw CoordError.unsupportedFormat(path: folder.child(fileName), found: settings.version, supported: formatVersion)
        }
        return settings
    }

    static func validName(_ name: String) throws -> String {
        let allowed = name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        guard allowed, !name.isEmpty, name.utf8.count <= 64, name.first != "." else { throw CoordError.invalidRemoteName(name) }
        return name
    }

    static func validURL(_ url: String) throws -> String {
        guard !url.isEmpty, url.utf8.count <= 4000, !url.unicodeScalars.contains(where: Escaping.needsEscape),
              !url.hasPrefix("-") else {
            throw CoordError.invalidInput("The remote URL '\(Escaping.escape(url))' is empty, starts with '-' or holds control characters; use a URL git accepts, such as file:///srv/board.git.")
        }
        return url
    }
}

/// The `remote/` folder of one board.
struct RemoteFolder {
    let directory: BoardDirectory

    static func open(_ board: BoardDirectory, create: Bool) throws -> RemoteFolder? {
        guard let directory = try board.subdirectory(RemoteSettings.folder, create: create) else { return nil }
        if create && !directory.exists(".gitignore") { try directory.replace(".gitignore", with: Array("*\n".utf8)) }
        return RemoteFolder(directory: directory)
    }

    var gitPath: String { directory.child(RemoteSettings.gitFolder) }

    /// This clone's host id, made on first use.
    func hostID(create: Bool) throws -> String? {
        if let bytes = try directory.read(RemoteSettings.hostFile), bytes.last == LineScanner.newline {
            let text = String(decoding: bytes.dropLast(), as: UTF8.self)
            if text.utf8.count == 16, text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) {
                return text
            }
        }
        guard create else { return nil }
        let digits = String(UInt64.random(in: 0 ... .max), radix: 16)
        let id = String(repeating: "0", count: 16 - digits.count) + digits
        try directory.replace(RemoteSettings.hostFile, with: Array((id + "\n").utf8))
        return id
    }

    func lastSync() -> Date? {
        guard let bytes = try? directory.read(RemoteSettings.lastSyncFile), bytes.last == LineScanner.newline else { return nil }
        return Timestamp.parse(String(decoding: bytes.dropLast(), as: UTF8.self), in: .utc)
    }

    func noteSync(_ date: Date) {
        try? directory.replace(RemoteSettings.lastSyncFile, with: Array((Timestamp.utc(date) + "\n").utf8))
    }
}

import CoordStorage

/// A folder in the seed's hand-made format: `BULLETIN.md`, `LOCKS.json` and
/// `DECISIONS.json` side by side (any of them may be missing).
///
///     {"locks":[{"path":"~/gt/mcp_memory/","holder":"gastown-mayor","since":"2026-02-07T02:10:00+11:00","intent":"…"}]}
///     {"decisions":[{"id":"ADR-001","date":"2026-02-06","context":"…","decision":"…","rationale":"…",
///                    "source":"main-session","propagated_to":["gastown-mayor","memory"]}]}
public struct SeedFolder: Sendable {
    public static let bulletinName = "BULLETIN.md"
    public static let locksName = "LOCKS.json"
    public static let decisionsName = "DECISIONS.json"
    /// The newest `"v"` of a seed-format file this coord reads.
    public static let supportedVersion = 1

    public let path: String
    let directory: BoardDirectory

    /// Opens `path` (relative to `currentDirectory`). A workspace root whose
    /// `.coordination/` holds the files is accepted for the folder itself.
    public static func open(_ path: String, currentDirectory: String) throws -> SeedFolder {
        let absolute = Workspace.normalise(path.hasPrefix("/") ? path : Workspace.join(currentDirectory, path))
        guard SystemCall.status(ofPath: absolute)?.isDirectory == true else {
            throw CoordError.invalidInput("The folder '\(path)' does not exist; pass the folder that holds BULLETIN.md, LOCKS.json and DECISIONS.json.")
        }
        var folder = SeedFolder(path: absolute, directory: try BoardDirectory.open(absolute))
        if !folder.holdsSeedFiles, let inner = try folder.directory.subdirectory(Workspace.boardFolderName, create: false) {
            let candidate = SeedFolder(path: inner.path, directory: inner)
            if candidate.holdsSeedFiles { folder = candidate }
        }
        guard folder.holdsSeedFiles else {
            throw CoordError.invalidInput(
                "'\(path)' holds none of \(bulletinName), \(locksName) or \(decisionsName); pass the hand-made .coordination folder that does.")
        }
        return folder
    }

    /// Opens `path` for writing, creating the folder (not its parents) when missing.
    public static func create(_ path: String, currentDirectory: String) throws -> SeedFolder {
        let absolute = Workspace.normalise(path.hasPrefix("/") ? path : Workspace.join(currentDirectory, path))
        if SystemCall.status(ofPath: absolute) == nil,
           SystemCall.makeDirectory(absolute, permissions: 0o755) != 0, SystemCall.lastError != SystemCall.alreadyExists {
            throw CoordError.io("create the folder", path: absolute, errno: SystemCall.lastError)
        }
        return SeedFolder(path: absolute, directory: try BoardDirectory.open(absolute))
    }

    var holdsSeedFiles: Bool {
        [Self.bulletinName, Self.locksName, Self.decisionsName].contains { directory.exists($0) }
    }

    func child(_ name: String) -> String { directory.child(name) }

    // MARK: Reading

    func bulletin() throws -> [UInt8]? { try directory.read(Self.bulletinName) }

    /// The objects of `DECISIONS.json`'s `decisions` array, or nil when the file is missing.
    func decisionRecords() throws -> [[String: JSONValue]]? { try records(in: Self.decisionsName, key: "decisions") }

    /// The objects of `LOCKS.json`'s `locks` array, or nil when the file is missing.
    func lockRecords() throws -> [[String: JSONValue]]? { try records(in: Self.locksName, key: "locks") }

    private func records(in name: String, key: String) throws -> [[String: JSONValue]]? {
        guard let bytes = try directory.read(name) else { return nil }
        let path = child(name)
        let document: JSONValue
        do {
            document = try BoardJSON.decode(JSONValue.self, from: bytes)
        } catch {
            throw CoordError.invalidInput("'\(path)' is not valid JSON; fix it (for example with jq . \(name)) and import again.")
        }
        let items: [JSONValue]
        switch document {
        case .object(let fields):
            if let version = fields["v"]?.integerValue, version > Int64(Self.supportedVersion) {
                throw CoordError.unsupportedFormat(path: path, found: Int(version), supported: Self.supportedVersion)
            }
            guard case .array(let list)? = fields[key] else {
                throw CoordError.invalidInput("'\(path)' has no \"\(key)\" list; write it as {\"\(key)\": [ … ]} and import again.")
            }
            items = list
        case .array(let list):
            items = list
        default:
            throw CoordError.invalidInput("'\(path)' is not a JSON object; write it as {\"\(key)\": [ … ]} and import again.")
        }
        return try items.enumerated().map { index, item in
            guard case .object(let fields) = item else {
                throw CoordError.invalidInput("Entry \(index + 1) of \"\(key)\" in '\(path)' is not a JSON object; fix it and import again.")
            }
            return fields
        }
    }

    // MARK: Writing

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try directory.replace(name, with: bytes)
    }
}

extension JSONValue {
    /// A string, or a number written as text (a hand-made `"id": 7`).
    var text: String? {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        default: return nil
        }
    }

    /// A list of strings from a list or a single string.
    var strings: [String]? {
        switch self {
        case .string(let value): return [value]
        case .array(let values): return values.compactMap(\.text)
        case .null: return []
        default: return nil
        }
    }
}

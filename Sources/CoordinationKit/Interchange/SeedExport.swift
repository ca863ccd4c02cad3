import CoordStorage
import FoundationEssentials

/// What `coord export` wrote.
public struct ExportReport: Codable, Sendable, Equatable {
    public var v = 1
    public var folder: String
    public var decisions: Int
    public var locks: Int
}

/// `coord export DIR`: writes `DECISIONS.json` and `LOCKS.json` in the seed's
/// shapes, for tools that only read those files. Each file is replaced
/// atomically (readers see the old one or the new one).
///
/// `DECISIONS.json` is `DecisionDocument`: every decision with its status,
/// links, tags and history, which `coord import` reads back. `LOCKS.json`
/// holds the locks that have not expired, with times in the board's zone.
public struct SeedExport: Sendable {
    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    public func run(_ folder: SeedFolder) throws -> ExportReport {
        let decisions = try Decisions(workspace).list()
        let (now, blocking) = try Locks(workspace).current()
        let locks = blocking.filter { $0.expires > now }
        let staged = try ImportedLocks(workspace).all()
        try folder.write(SeedFolder.decisionsName, try BoardJSON.document(DecisionDocument(decisions)))
        let lockObjects = locks.map { Self.object($0, origin: ImportedLocks.origin(of: $0, in: staged), zone: workspace.timeZone) }
        let document: [String: JSONValue] = ["v": .integer(1), "locks": .array(lockObjects)]
        try folder.write(SeedFolder.locksName, try BoardJSON.document(document))
        return ExportReport(folder: folder.path, decisions: decisions.count, locks: locks.count)
    }

    /// A live lock in the seed's shape: path, holder, since, intent and expires, plus
    /// the fencing token and, for an imported lock, every field it came with.
    static func object(_ grant: LockGrant, origin: Stored<ImportedLock>?, zone: BoardTimeZone) -> JSONValue {
        var fields = origin?.extra ?? [:]
        for (key, value) in origin?.value.importedFields ?? [:] { fields[key] = value }
        fields["path"] = .string(origin?.value.path ?? grant.path.description)
        fields["holder"] = .string(grant.holder)
        fields["since"] = .string(Timestamp.local(grant.since, in: zone))
        fields["expires"] = .string(Timestamp.local(grant.expires, in: zone))
        fields["token"] = .integer(grant.token)
        if !grant.intent.isEmpty { fields["intent"] = .string(grant.intent) }
        return .object(fields)
    }
}

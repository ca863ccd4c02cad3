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
        let locks = try ImportedLocks(workspace).active(at: workspace.clock.now())
        try folder.write(SeedFolder.decisionsName, try BoardJSON.document(DecisionDocument(decisions)))
        let lockObjects = locks.map { Self.object($0, zone: workspace.timeZone) }
        let document: [String: JSONValue] = ["v": .integer(1), "locks": .array(lockObjects)]
        try folder.write(SeedFolder.locksName, try BoardJSON.document(document))
        return ExportReport(folder: folder.path, decisions: decisions.count, locks: locks.count)
    }

    /// A staged lock in the seed's shape: path, holder, since, intent, expires and the fields it came with.
    static func object(_ stored: Stored<ImportedLock>, zone: BoardTimeZone) -> JSONValue {
        let lock = stored.value
        var fields = stored.extra
        for (key, value) in lock.importedFields ?? [:] { fields[key] = value }
        fields["path"] = .string(lock.path)
        fields["holder"] = .string(lock.holder)
        fields["since"] = .string(lock.sinceDate.map { Timestamp.local($0, in: zone) } ?? lock.since)
        fields["expires"] = .string(lock.expiresDate.map { Timestamp.local($0, in: zone) } ?? lock.expires)
        if let intent = lock.intent { fields["intent"] = .string(intent) }
        return .object(fields)
    }
}

import CoordStorage

/// `coord import DIR`: adopts a hand-made seed-format folder.
///
/// Everything is read and checked first, so a file that cannot be read
/// changes nothing. Then, inside the board lock, decisions go to
/// `decisions.jsonl`, locks to `locks.jsonl` (kept as they came in `ImportedLocks`) and
/// bulletin entries to `BULLETIN.md`, each in one write. Running it again
/// finds everything already there and writes nothing. When anything was
/// imported, one bulletin line says so.
public struct SeedImport: Sendable {
    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    public func run(_ folder: SeedFolder, as agent: AgentName) throws -> ImportReport {
        let board = workspace.board
        let zone = workspace.timeZone
        let now = workspace.clock.now()
        let decisionRecords = try folder.decisionRecords()
        let lockRecords = try folder.lockRecords()
        let seedBulletin = try folder.bulletin()
        let locks = ImportedLocks(workspace)
        var report = ImportReport(folder: folder.path, locksJournal: board.child(ImportedLocks.folderName + "/" + ImportedLocks.fileName))
        if seedBulletin != nil { report.files.append(SeedFolder.bulletinName) }
        if lockRecords != nil { report.files.append(SeedFolder.locksName) }
        if decisionRecords != nil { report.files.append(SeedFolder.decisionsName) }

        try board.withExclusiveLock {
            var decisionEvents: [Stored<DecisionEvent>] = []
            if let decisionRecords {
                let decisions = Decisions(workspace)
                let plan = try DecisionImport(log: try decisions.log(), now: now, importer: agent.rawValue, zone: zone,
                                              path: folder.child(SeedFolder.decisionsName)).plan(decisionRecords)
                decisionEvents = plan.events
                report.decisions = plan.part
            }
            var stagedLocks: [Stored<ImportedLock>] = []
            if let lockRecords {
                let plan = try LockImport(existing: try locks.all(), now: now, zone: zone,
                                          path: folder.child(SeedFolder.locksName)).plan(lockRecords)
                stagedLocks = plan.locks
                report.locks = plan.part
            }
            var bulletinBytes: [UInt8] = []
            if let seedBulletin {
                let plan = BulletinImport(seed: seedBulletin, seedPath: folder.child(SeedFolder.bulletinName),
                                          target: try Bulletin(workspace).scan(), today: zone.local(now).date).plan()
                bulletinBytes = plan.bytes
                report.bulletin = plan.part
            }
            // Everything is planned: now write, one append per file.
            try Decisions(workspace).append(decisionEvents)
            let refused = try locks.append(stagedLocks)
            report.locks.imported -= refused.count
            report.locks.refused = refused.map {
                .init(path: $0.requested.description, heldBy: $0.held.holder, heldPath: $0.held.path.description)
            }
            if !bulletinBytes.isEmpty {
                try board.openOrCreate(Bulletin.fileName, mode: .append).append(bulletinBytes)
            }
        }
        if report.changedBoard {
            Bulletin(workspace).announce(Self.summary(report), as: agent)
        }
        return report
    }

    /// `imported 1 decision (ADR-001), 1 lock and 4 bulletin entries from /path`.
    static func summary(_ report: ImportReport) -> String {
        var parts: [String] = []
        let imported = report.decisions.imported
        if !imported.isEmpty {
            let ids = imported.count <= 5 ? " (" + imported.map(\.id).joined(separator: ", ") + ")" : ""
            parts.append(plural(imported.count, "decision") + ids)
        }
        if report.decisions.acknowledgements > 0 { parts.append(plural(report.decisions.acknowledgements, "acknowledgement")) }
        if report.locks.imported > 0 { parts.append(plural(report.locks.imported, "lock")) }
        if report.bulletin.copied > 0 { parts.append(plural(report.bulletin.copied, "bulletin entry", "bulletin entries")) }
        let list = parts.count > 1 ? parts.dropLast().joined(separator: ", ") + " and " + parts.last! : parts.joined()
        return "imported \(list) from \(report.folder)"
    }

    static func plural(_ count: Int, _ one: String, _ many: String? = nil) -> String {
        "\(count) " + (count == 1 ? one : many ?? one + "s")
    }
}

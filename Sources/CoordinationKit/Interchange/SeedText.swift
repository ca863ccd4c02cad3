import CoordStorage

/// What `coord import DIR` and `coord export DIR` print without `--json`.
extension ImportReport {
    /// Each file's part, then whether anything changed; times in `zone`.
    public func text(zone: BoardTimeZone) -> String {
        var lines = ["Imported from \(folder):"]
        if files.contains("DECISIONS.json") {
            var line = "  decisions: \(decisions.imported.count) new"
            if !decisions.imported.isEmpty { line += " (" + decisions.imported.map(\.id).joined(separator: ", ") + ")" }
            line += ", \(decisions.alreadyPresent.count) already here, \(decisions.acknowledgements) acknowledgements recorded"
            lines.append(line)
            for decision in decisions.imported {
                if let original = decision.originalID { lines.append("    \(original) was given the id \(decision.id)") }
            }
        }
        if files.contains("LOCKS.json") {
            lines.append("  locks:     \(locks.imported) new, \(locks.alreadyPresent) already here; recorded in \(locksJournal)")
            for lock in locks.defaultTTL {
                let expires = Timestamp.parse(lock.expires, in: .utc).map { Timestamp.local($0, in: zone) } ?? lock.expires
                lines.append("    \(lock.path) (\(lock.holder)) had no expiry: given the default 2h TTL from its since, so it expires \(expires)")
            }
            if locks.expired > 0 { lines.append("    \(locks.expired) of the imported locks had already expired") }
            for refused in locks.refused {
                lines.append("    \(refused.path) was not granted: \(refused.heldBy) holds \(refused.heldPath) (see 'coord locks')")
            }
        }
        if files.contains("BULLETIN.md") {
            lines.append("  bulletin:  \(bulletin.copied) entries copied, \(bulletin.alreadyPresent) already here")
            if bulletin.leftOut > 0 {
                lines.append("    \(bulletin.leftOut) entries older than this board's newest were left out, to keep the bulletin in time order")
            }
            if bulletin.skippedInvalid > 0 { lines.append("    \(bulletin.skippedInvalid) lines were not entries and were skipped") }
        }
        if !changedBoard { lines.append("Nothing new: everything was already on this board.") }
        return lines.joined(separator: "\n")
    }
}

extension ExportReport {
    public var text: String {
        let decisions = self.decisions == 1 ? "1 decision" : "\(self.decisions) decisions"
        let locks = self.locks == 1 ? "1 lock" : "\(self.locks) locks"
        return "Wrote \(folder)/DECISIONS.json (\(decisions)) and \(folder)/LOCKS.json (\(locks))."
    }
}

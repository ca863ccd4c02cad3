import CoordStorage
import FoundationEssentials

/// Turns the records of a seed-format `LOCKS.json` into staged locks
/// (`ImportedLocks`). A lock already staged (same path, holder and `since`)
/// is not staged again; a lock without `expires` gets the default TTL,
/// counted from its `since`.
struct LockImport {
    let existing: [Stored<ImportedLock>]
    let now: Date
    let zone: BoardTimeZone
    let path: String

    func plan(_ records: [[String: JSONValue]]) throws -> (locks: [Stored<ImportedLock>], part: ImportReport.LocksPart) {
        var part = ImportReport.LocksPart()
        var staged = existing
        var fresh: [Stored<ImportedLock>] = []
        for (index, fields) in records.enumerated() {
            let number = index + 1
            guard let lockPath = fields["path"]?.stringValue, !lockPath.isEmpty else {
                throw CoordError.invalidInput("Lock \(number) in '\(path)' has no \"path\"; add it and import again.")
            }
            guard let holder = fields["holder"]?.stringValue, !holder.isEmpty else {
                throw CoordError.invalidInput("Lock \(number) in '\(path)' (\(lockPath)) has no \"holder\"; add it and import again.")
            }
            let since = try time(fields, "since", number: number, lockPath: lockPath)
            guard let since else {
                throw CoordError.invalidInput("Lock \(number) in '\(path)' (\(lockPath)) has no \"since\"; add when it was taken and import again.")
            }
            if ImportedLocks.contains(staged, path: lockPath, holder: holder, since: since) {
                part.alreadyPresent += 1
                continue
            }
            var expires = try time(fields, "expires", number: number, lockPath: lockPath)
            if expires == nil {
                let defaulted = since.addingTimeInterval(Double(ImportedLocks.defaultTTL))
                expires = defaulted
                part.defaultTTL.append(.init(path: lockPath, holder: holder, expires: JSONView.instant(defaulted)))
            }
            if expires! <= now { part.expired += 1 }
            let intent = fields["intent"].flatMap { $0 == .null ? nil : $0 }
            var known: Set<String> = ["path", "holder", "since", "expires"]
            if intent?.stringValue != nil { known.insert("intent") }
            let unknown = fields.filter { !known.contains($0.key) }
            let clashing = unknown.filter { ImportedLock.reservedFieldNames.contains($0.key) }
            let lock = ImportedLock(path: lockPath, holder: holder, since: Timestamp.utc(since),
                                    intent: intent?.stringValue, expires: Timestamp.utc(expires!),
                                    importedFields: clashing.isEmpty ? nil : clashing)
            let stored = Stored(value: lock, extra: unknown.filter { !ImportedLock.reservedFieldNames.contains($0.key) })
            fresh.append(stored)
            staged.append(stored)
            part.imported += 1
        }
        return (fresh, part)
    }

    private func time(_ fields: [String: JSONValue], _ key: String, number: Int, lockPath: String) throws -> Date? {
        guard let value = fields[key], value != .null else { return nil }
        guard let text = value.stringValue, let date = Timestamp.parse(text, in: zone) else {
            let shown = value.text.map { "'\(Escaping.escape($0))'" } ?? "a value"
            throw CoordError.invalidInput(
                "Lock \(number) in '\(path)' (\(lockPath)) has \"\(key)\" \(shown), which is not an ISO 8601 time such as 2026-02-07T02:10:00+11:00; fix it and import again.")
        }
        return date
    }
}

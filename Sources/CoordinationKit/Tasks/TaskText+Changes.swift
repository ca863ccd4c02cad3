import CoordStorage
import FoundationEssentials

extension TaskText {
    /// What `coord task claim` prints:
    /// `claimed T-003 (token 12, until 10:05, locked src/parser/): write the parser`.
    public static func claimed(_ claimed: Tasks.Claimed, zone: BoardTimeZone) -> String {
        let until = LockText.clock(claimed.claim.expires, zone: zone, now: claimed.claim.since)
        let locked = claimed.locks.isEmpty ? "" : ", locked \(LockText.list(claimed.locks.map(\.path), limit: 10))"
        return "claimed \(claimed.task.id) (token \(claimed.claim.token), until \(until)\(locked)): \(claimed.task.title)"
    }

    /// What `coord task renew` prints: `renewed T-003 (token 12, until 10:35)`.
    public static func renewed(_ claimed: Tasks.Claimed, zone: BoardTimeZone, now: Date) -> String {
        "renewed \(claimed.task.id) (token \(claimed.claim.token), until \(LockText.clock(claimed.claim.expires, zone: zone, now: now)))"
    }

    /// What `coord task link` and `unlink` print: `T-003 comes after T-001, T-002` (or `nothing`).
    public static func dependencies(_ task: WorkTask) -> String {
        "\(task.id) comes after " + (task.after.isEmpty ? "nothing" : task.after.joined(separator: ", "))
    }
}

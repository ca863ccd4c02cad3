import CoordStorage
import FoundationEssentials

/// How locks read in messages, bulletin lines and `coord locks`.
public enum LockText {
    /// `16:02` (or `16:02:30` with `seconds`) in the board's zone; the date is
    /// added when it is not the same local day as `now`.
    public static func clock(_ date: Date, zone: BoardTimeZone, now: Date? = nil, seconds: Bool = false) -> String {
        let local = zone.local(date)
        var text = local.time.description
        if seconds { text += ":" + Digits.pad(local.second, 2) }
        if let now, zone.local(now).date != local.date { text = local.date.description + " " + text }
        return text
    }

    /// `src/a, src/b`, or `src/a, src/b, src/c and 7 more` past `limit` paths.
    public static func list(_ paths: [LockPath], limit: Int = 3) -> String {
        // Joined by hand: `joined(separator:)` costs a runtime conformance lookup
        // that every lock and unlock announcement would pay.
        var shown = ""
        for (position, path) in paths.prefix(limit).enumerated() {
            if position > 0 { shown += ", " }
            shown += path.description
        }
        return paths.count > limit ? shown + " and \(paths.count - limit) more" : shown
    }

    /// `text` cut at a character boundary to at most `limit` bytes of UTF-8, ending in `…` when cut.
    public static func shortened(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var result = ""
        var bytes = 0
        for character in text {
            let size = character.utf8.count
            if bytes + size > limit - 3 { break }
            result.append(character)
            bytes += size
        }
        return result + "…"
    }

    /// `1h58m left` or `expired 12s ago, free at 16:02:30`.
    public static func remaining(_ grant: LockGrant, now: Date, grace: Int64, zone: BoardTimeZone) -> String {
        let left = Int64(grant.expires.timeIntervalSince(now).rounded(.up))
        if left > 0 { return DurationText.format(seconds: left) + " left" }
        let ago = DurationText.format(seconds: max(1, -left))
        return "expired \(ago) ago, free at \(clock(grant.freeAt(grace: grace), zone: zone, now: now, seconds: true))"
    }

    /// `src/auth/a.swift is under alice's lock on src/auth (token 17) since 14:02 until 16:02 (1h58m left): token refresh`.
    public static func describe(_ conflict: LockConflict, zone: BoardTimeZone, now: Date, grace: Int64 = LockSettings.standard.grace) -> String {
        let grant = conflict.held
        let subject = conflict.requested == grant.path
            ? "\(grant.path) is locked by \(grant.holder)"
            : "\(conflict.requested) is under \(grant.holder)'s lock on \(grant.path)"
        return "\(subject) (token \(grant.token)) since \(clock(grant.since, zone: zone, now: now)) until "
            + "\(clock(grant.expires, zone: zone, now: now)) (\(remaining(grant, now: now, grace: grace, zone: zone))): "
            + Escaping.escape(grant.intent)
    }
}

import CoordStorage

/// What a bulletin entry is about, read from its words.
///
/// The bulletin is free text, written by coord's own commands, by agents and
/// by cron jobs, so the kind is a documented guess from the message (see
/// docs/synthesis.md): the first rule that matches wins, in the order of the
/// cases below. Routine kinds are folded away in the timeline and counted.
public enum EntryKind: String, Sendable, CaseIterable, Codable, Comparable {
    // Routine noise, folded away and counted.
    case heartbeat
    case renewal
    /// The same agent saying the same thing again in the window.
    case repeated
    /// Lock grants and releases (the Locks section tells their story).
    case lock

    // Significant entries, always shown.
    case intervention
    case decision
    case lockBreak = "lock-break"
    case unblocked
    case blocker
    case handoff
    case completion
    case start

    /// Anything else: shown, up to the per-hour limit.
    case note

    public var isRoutine: Bool {
        switch self {
        case .heartbeat, .renewal, .repeated, .lock: return true
        default: return false
        }
    }

    public var isSignificant: Bool { !isRoutine && self != .note }

    /// "1 heartbeat", "3 repeated lines": how counts of this kind read.
    public func counted(_ count: Int) -> String {
        let (one, many): (String, String)
        switch self {
        case .heartbeat: (one, many) = ("heartbeat", "heartbeats")
        case .renewal: (one, many) = ("renewal", "renewals")
        case .repeated: (one, many) = ("repeated line", "repeated lines")
        case .lock: (one, many) = ("lock grant or release", "lock grants and releases")
        case .intervention: (one, many) = ("intervention", "interventions")
        case .decision: (one, many) = ("decision line", "decision lines")
        case .lockBreak: (one, many) = ("forced lock break", "forced lock breaks")
        case .unblocked: (one, many) = ("unblock", "unblocks")
        case .blocker: (one, many) = ("blocker", "blockers")
        case .handoff: (one, many) = ("handoff", "handoffs")
        case .completion: (one, many) = ("completion", "completions")
        case .start: (one, many) = ("start", "starts")
        case .note: (one, many) = ("other entry", "other entries")
        }
        return "\(count) " + (count == 1 ? one : many)
    }

    public static func < (a: EntryKind, b: EntryKind) -> Bool { a.order < b.order }

    private var order: Int { Self.allCases.firstIndex(of: self)! }

    /// The kind of a message by `agent` (repeats are found by the caller).
    public static func classify(_ message: String, agent: String) -> EntryKind {
        let words = MessageWords(message)
        guard let first = words.first else { return .note }
        let cues = words.cues
        let lead = MessageWords.leadWords[first] ?? []
        func opens(_ phrase: String...) -> Bool { words.leading.starts(with: phrase) }

        if cues.contains(.heartbeat) || (words.count <= 3 && lead.contains(.alive)) { return .heartbeat }
        if lead.contains(.renewal) || opens("lease", "renewed") { return .renewal }
        if lead.contains(.intervention) || (cues.contains(.problem) && agent.lowercased().hasSuffix("observer")) {
            return .intervention
        }
        if cues.contains(.adr) || lead.contains(.decision) { return .decision }
        if (lead.contains(.breaking) && cues.contains(.lock)) || opens("force", "broke") { return .lockBreak }
        if lead.contains(.lock) { return .lock }
        if lead.contains(.unblocked) || opens("blocker", "cleared") || opens("blocker", "resolved")
            || opens("resolved", "blocker") || opens("no", "longer", "blocked") {
            return .unblocked
        }
        if lead.contains(.blocker) || cues.contains(.shoutedBlocker) || opens("waiting", "on") { return .blocker }
        if cues.contains(.handoff) || opens("hand", "off") { return .handoff }
        if lead.contains(.completion) || cues.contains(.completion) || opens("work", "complete") { return .completion }
        if lead.contains(.start) { return .start }
        return .note
    }
}

/// The words of a message, found in one pass over its UTF-8: ASCII letters are
/// lower-cased, and a word is a run of letters, digits, `-`, `_` or non-ASCII
/// characters. Keeps the first few words and which cue words occur anywhere.
struct MessageWords {
    struct Cues: OptionSet {
        let rawValue: UInt16
        static let heartbeat = Cues(rawValue: 1 << 0)
        static let problem = Cues(rawValue: 1 << 1)
        static let adr = Cues(rawValue: 1 << 2)
        static let lock = Cues(rawValue: 1 << 3)
        static let shoutedBlocker = Cues(rawValue: 1 << 4)
        static let handoff = Cues(rawValue: 1 << 5)
        static let completion = Cues(rawValue: 1 << 6)
    }

    static let cueWords: [String: Cues] = {
        var table: [String: Cues] = [:]
        for word in ["heartbeat", "heartbeats", "keepalive"] { table[word, default: []].insert(.heartbeat) }
        for word in ["blocker", "blocked", "stale", "collision", "conflict", "unacknowledged", "intervention"] {
            table[word, default: []].insert(.problem)
        }
        for word in ["lock", "locks", "unlock"] { table[word, default: []].insert(.lock) }
        for word in ["handoff", "handed", "handing"] { table[word, default: []].insert(.handoff) }
        for word in ["completed", "finished", "done"] { table[word, default: []].insert(.completion) }
        return table
    }()

    /// Cues of a message's first word.
    struct Leads: OptionSet {
        let rawValue: UInt16
        static let alive = Leads(rawValue: 1 << 0)
        static let renewal = Leads(rawValue: 1 << 1)
        static let intervention = Leads(rawValue: 1 << 2)
        static let decision = Leads(rawValue: 1 << 3)
        static let breaking = Leads(rawValue: 1 << 4)
        static let lock = Leads(rawValue: 1 << 5)
        static let unblocked = Leads(rawValue: 1 << 6)
        static let blocker = Leads(rawValue: 1 << 7)
        static let completion = Leads(rawValue: 1 << 8)
        static let start = Leads(rawValue: 1 << 9)
    }

    static let leadWords: [String: Leads] = {
        let groups: [(Leads, [String])] = [
            (.alive, ["alive", "ping", "tick", "still"]),
            (.renewal, ["renewed", "renewing", "renew", "renews"]),
            (.intervention, ["intervention", "intervening", "intervened", "intervene"]),
            (.decision, ["decided", "decision", "approved", "rejected", "superseded", "supersedes"]),
            (.breaking, ["broke", "force-broke", "forced"]),
            (.lock, ["locked", "unlocked", "relocked", "lock", "unlock"]),
            (.unblocked, ["unblocked"]),
            (.blocker, ["blocked", "blocker", "blocking"]),
            (.completion, ["complete", "merged", "shipped", "exiting", "exited", "released"]),
            (.start, ["starting", "started", "start", "beginning", "began", "resuming", "resumed", "launched", "picked",
                      "claimed"]),
        ]
        var table: [String: Leads] = [:]
        for (lead, words) in groups { for word in words { table[word, default: []].insert(lead) } }
        return table
    }()

    static let leadingLimit = 3

    /// The first `leadingLimit` words.
    private(set) var leading: [String] = []
    private(set) var count = 0
    private(set) var cues: Cues = []

    var first: String? { leading.first }

    init(_ message: String) {
        TextWords.forEach(in: message) { word, upper in addWord(word, upper: upper) }
    }

    private mutating func addWord(_ word: String, upper: Bool) {
        count += 1
        if leading.count < Self.leadingLimit { leading.append(word) }
        if let cue = Self.cueWords[word] { cues.formUnion(cue) }
        if word.utf8.count > 4 && word.hasPrefix("adr-") { cues.insert(.adr) }
        if upper && word == "blocker" { cues.insert(.shoutedBlocker) }
    }
}

/// Words in text, found in one pass over its UTF-8.
enum TextWords {
    /// Calls `body` with each word, ASCII letters lower-cased, and whether it was
    /// written in capitals. A word is a run of letters, digits, `-`, `_` or
    /// non-ASCII characters.
    static func forEach(in text: String, _ body: (String, Bool) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var start = -1
            var upper = true
            for i in 0 ... bytes.count {
                let byte = i < bytes.count ? bytes[i] : 0x20
                if isWordByte(byte) {
                    if start < 0 {
                        start = i
                        upper = true
                    }
                    if byte >= 0x61 && byte <= 0x7A { upper = false }
                } else if start >= 0 {
                    let word = UnsafeBufferPointer(rebasing: bytes[start ..< i])
                    body(String(unsafeUninitializedCapacity: word.count) { buffer in
                        for (j, b) in word.enumerated() { buffer[j] = b >= 0x41 && b <= 0x5A ? b + 32 : b }
                        return word.count
                    }, upper)
                    start = -1
                }
            }
        }
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30 ... 0x39, 0x41 ... 0x5A, 0x61 ... 0x7A, 0x2D, 0x5F, 0x80 ... 0xFF: return true
        default: return false
        }
    }
}

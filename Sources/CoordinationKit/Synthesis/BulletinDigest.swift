import CoordStorage
import FoundationEssentials

/// The bulletin-based sections of a report: the timeline and the activity per agent.
///
/// Entries are ordered by day, minute, agent and message, not by where they
/// sit in the file, so a bulletin whose lines arrived in another order (many
/// writers at once, a git union merge) gives the same report.
struct BulletinDigest {
    var timeline: SynthesisReport.Timeline
    var activity: [SynthesisReport.AgentActivity]
    var entryCount: Int
    /// Entries of each kind over the window (routine ones included).
    var kinds: [EntryKind: Int]
    /// The entries read as interventions, in order.
    var interventions: [SynthesisReport.Intervention]

    /// At most this many entries are shown per hour; significant kinds first.
    static let defaultLimitPerHour = 25

    /// `labels` maps a worker's agent to its domain: coord's worker lines start
    /// with the domain (`backend-api: BLOCKED: …`), which is skipped when
    /// reading the line's kind.
    static func build(_ entries: [BulletinEntry], window: SynthesisWindow, zone: BoardTimeZone,
                      limitPerHour: Int = defaultLimitPerHour, labels: [String: String] = [:],
                      interventions: Set<String> = []) -> BulletinDigest {
        let sorted = Self.ordered(entries)
        var clock = LocalInstants(zone: zone)
        let multiDay = window.days(in: zone).lowerBound != window.days(in: zone).upperBound

        var hours: [SynthesisReport.Hour] = []
        var folded: [EntryKind: Int] = [:]
        var kinds: [EntryKind: Int] = [:]
        var seen = Set<UInt64>()
        var agents: [String: (posts: Int, first: BulletinEntry, last: BulletinEntry, byHand: Int)] = [:]
        var interventionEntries: [SynthesisReport.Intervention] = []

        var index = 0
        while index < sorted.count {
            let hourStart = sorted[index]
            var shown: [(BulletinEntry, EntryKind)] = []
            var hourFolded: [EntryKind: Int] = [:]
            while index < sorted.count, sorted[index].date == hourStart.date, sorted[index].time.hour == hourStart.time.hour {
                let entry = sorted[index]
                index += 1
                var kind = EntryKind.classify(Self.unlabelled(entry.message, label: labels[entry.agent]), agent: entry.agent)
                if !interventions.isEmpty {
                    // The observer's log says which of its lines were interventions.
                    let logged = interventions.contains(entry.agent + "\u{0}" + entry.message)
                    if logged { kind = .intervention } else if kind == .intervention { kind = .note }
                }
                if !seen.insert(Self.repeatKey(entry)).inserted && !kind.isRoutine { kind = .repeated }
                kinds[kind, default: 0] += 1
                if kind == .intervention {
                    interventionEntries.append(.init(at: clock.time(entry), agent: entry.agent, message: entry.message))
                }
                if kind.isRoutine { hourFolded[kind, default: 0] += 1 } else { shown.append((entry, kind)) }

                if var activity = agents[entry.agent] {
                    activity.posts += 1
                    activity.last = entry
                    if entry.byHand { activity.byHand += 1 }
                    agents[entry.agent] = activity
                } else {
                    agents[entry.agent] = (1, entry, entry, entry.byHand ? 1 : 0)
                }
            }
            for (kind, count) in hourFolded { folded[kind, default: 0] += count }

            // Keep the significant entries first, then notes, up to the limit; show them in time order.
            let order = shown.indices.sorted { a, b in
                let (x, y) = (shown[a].1.isSignificant, shown[b].1.isSignificant)
                return x != y ? x : a < b
            }
            let kept = Set(order.prefix(limitPerHour))
            var more: [EntryKind: Int] = [:]
            var visible: [SynthesisReport.TimelineEntry] = []
            for (i, (entry, kind)) in shown.enumerated() {
                guard kept.contains(i) else { more[kind, default: 0] += 1; continue }
                visible.append(SynthesisReport.TimelineEntry(
                    at: clock.time(entry), agent: entry.agent, kind: kind.rawValue, message: entry.message, byHand: entry.byHand))
            }
            let hourText = Digits.pad(hourStart.time.hour, 2) + ":00"
            hours.append(SynthesisReport.Hour(
                label: multiDay ? "\(hourStart.date) \(hourText)" : hourText,
                entries: visible, more: Self.counts(more), folded: Self.counts(hourFolded)))
        }

        let activity = agents.keys.sorted().map { agent in
            let a = agents[agent]!
            return SynthesisReport.AgentActivity(agent: agent, posts: a.posts, first: clock.time(a.first),
                                                 last: clock.time(a.last), byHand: a.byHand)
        }
        return BulletinDigest(timeline: SynthesisReport.Timeline(hours: hours, folded: Self.counts(folded), limitPerHour: limitPerHour),
                              activity: activity, entryCount: sorted.count, kinds: kinds, interventions: interventionEntries)
    }

    /// Day, minute, agent, then the agent's own order in the file. Writers that
    /// race, or a git union merge, interleave different agents' lines but never
    /// reorder one agent's lines, so this order does not depend on arrival.
    static func ordered(_ entries: [BulletinEntry]) -> [BulletinEntry] {
        var rank: [String: Int32] = [:]
        for entry in entries where rank[entry.agent] == nil { rank[entry.agent] = 0 }
        for (i, agent) in rank.keys.sorted().enumerated() { rank[agent] = Int32(i) }
        // Sort plain numbers, not entries: no reference counting in the comparisons.
        var keys = entries.indices.map { i in
            let e = entries[i]
            return (minute: e.date.daysSinceEpoch * 1440 + Int64(e.time.secondsIntoDay / 60), agent: rank[e.agent]!,
                    offset: e.offset, index: i)
        }
        keys.sort { ($0.minute, $0.agent, $0.offset) < ($1.minute, $1.agent, $1.offset) }
        return keys.map { entries[$0.index] }
    }

    /// `message` without a leading `label` and the `:` after it.
    static func unlabelled(_ message: String, label: String?) -> String {
        guard let label, message.hasPrefix(label) else { return message }
        var rest = message.dropFirst(label.count)
        guard rest.first == ":" || rest.first == " " else { return message }
        if rest.first == ":" { rest = rest.dropFirst() }
        return String(rest)
    }

    /// Same agent, same words (case and spacing aside), as a 64-bit FNV-1a hash of
    /// the agent and the normalised message: no string is built per entry. Two
    /// different lines share a key with odds of about 1 in 10^9 on a day of
    /// 100,000 lines; the worst case is one line folded as a repeat.
    static func repeatKey(_ entry: BulletinEntry) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        var agent = entry.agent
        agent.withUTF8 { for byte in $0 { add(byte) } }
        add(0)
        var message = entry.message
        message.withUTF8 { bytes in
            var pending = false
            var started = false  // drops leading spaces
            for byte in bytes {
                if byte == 0x20 || byte == 0x09 {
                    pending = started
                    continue
                }
                if pending { add(0x20) }
                pending = false
                started = true
                add(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
            }
        }
        return hash
    }

    /// Kinds with their counts, in the kinds' fixed order.
    static func counts(_ counts: [EntryKind: Int]) -> [SynthesisReport.Count] {
        counts.keys.sorted().map { SynthesisReport.Count(name: $0.rawValue, count: counts[$0]!) }
    }
}

/// Bulletin wall times to instants, remembering each minute's answer: the time
/// zone database is asked once per distinct minute instead of once per line.
struct LocalInstants {
    let zone: BoardTimeZone
    private var cache: [Int64: Date] = [:]

    init(zone: BoardTimeZone) { self.zone = zone }

    mutating func instant(_ entry: BulletinEntry) -> Date {
        let key = entry.date.daysSinceEpoch * 1440 + Int64(entry.time.secondsIntoDay / 60)
        if let known = cache[key] { return known }
        let instant = entry.instant(in: zone)
        cache[key] = instant
        return instant
    }

    mutating func time(_ entry: BulletinEntry) -> ReportTime {
        ReportTime(instant(entry), in: zone)
    }
}

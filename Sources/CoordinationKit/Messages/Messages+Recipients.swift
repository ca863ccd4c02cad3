import CoordStorage
import FoundationEssentials

/// The warnings `coord send` gives about its recipients. Delivery happens
/// whatever they say: a warning is for the sender to notice a typo or a
/// recipient that will not read soon.
extension Messages {
    /// How far back the bulletin and the lock journal are read for names the board has seen.
    static let sightingLookback = 2000

    /// Warns (on the command's standard error) about each recipient the board has never
    /// seen, naming near matches, and about recipients whose worker is complete or silent.
    func warnAbout(_ recipients: [AgentName], now: Date) {
        let folder = try? folder(create: false)
        var known: Set<String>? = nil
        for recipient in recipients {
            let name = recipient.rawValue
            let hasInbox = folder?.exists(MessageFiles.journalName(name)) ?? false
            if !hasInbox {
                if known == nil { known = knownAgents() }
                if !known!.contains(name) {
                    let near = Self.nearMatches(name, among: known!)
                    let hint = near.isEmpty ? "" : " Did you mean \(near.map { "'\($0)'" }.joined(separator: " or "))?"
                    CommandWarnings.current?.add(
                        "The board has never seen an agent named '\(Escaping.escape(name))' (no post, worker, lock or message); the message was delivered to its inbox anyway.\(hint)")
                }
            }
            if let problem = workerProblem(name, now: now) { CommandWarnings.current?.add(problem) }
        }
    }

    /// Every agent name the board shows: inboxes and cursors, workers, last-seen stamps, recent
    /// bulletin authors, lock holders and message senders.
    func knownAgents() -> Set<String> {
        var names: Set<String> = []
        if let folder = try? folder(create: false), let files = try? folder.listNames() {
            for file in files {
                guard let agent = MessageFiles.agent(fromJournal: file) else { continue }
                names.insert(agent)
                var seen = 0
                try? journal(agent, in: folder).scanBackward(as: ActorOnly.self) { stored in
                    names.insert(stored.value.actor)
                    seen += 1
                    return seen < 200
                }
            }
        }
        if let sightings = try? LastSeen(workspace).all() { names.formUnion(sightings.keys) }
        let workers = Workers(workspace)
        if let folder = try? workers.folder(create: false), let domains = try? workers.domains() {
            for domain in domains {
                if let record = try? workers.last(domain, in: folder) { names.insert(record.state.agent) }
            }
        }
        if let entries = try? Bulletin(workspace).read(BulletinQuery(limit: Self.sightingLookback)) {
            for entry in entries { names.insert(entry.agent) }
        }
        var visited = 0
        try? RecordJournal<LockEvent>(directory: workspace.board).scanBackward(as: HolderOnly.self) { stored in
            if let holder = stored.value.holder { names.insert(holder) }
            visited += 1
            return visited < Self.sightingLookback
        }
        return names
    }

    /// A warning when `agent` acts as a worker that is complete or has been silent longer than
    /// the observer's stale threshold.
    func workerProblem(_ agent: String, now: Date) -> String? {
        let workers = Workers(workspace)
        guard let folder = try? workers.folder(create: false) else { return nil }
        var record: WorkerRecord? = nil
        var domain: WorkerDomain? = nil
        if let guess = Workers.domain(inAgentName: agent), let last = try? workers.last(guess, in: folder), last.state.agent == agent {
            record = last
            domain = guess
        } else if let domains = try? workers.domains() {
            for candidate in domains {
                if let last = try? workers.last(candidate, in: folder), last.state.agent == agent {
                    record = last
                    domain = candidate
                    break
                }
            }
        }
        guard let record, let domain else { return nil }
        let who = "'\(Escaping.escape(agent))' (worker \(domain.rawValue))"
        switch record.state.status {
        case .complete, .handedOff, .exited:
            return "\(who) is \(record.state.status.rawValue), so it may never read the message; it was delivered anyway."
        case .active, .blocked:
            guard let at = Timestamp.parse(record.at, in: .utc) else { return nil }
            var latest = at
            if let seen = try? LastSeen(workspace).all()[agent]?.at, seen > latest { latest = seen }
            let silent = now.timeIntervalSince(latest)
            guard silent > Double(Workers.defaultStaleAfter) else { return nil }
            return "\(who) has been silent for \(Int(silent / 60)) minutes (stale), so it may not read the message soon; it was delivered anyway."
        }
    }

    /// Names within a small edit distance of `name` (at most 2, or a third of its length), closest first.
    static func nearMatches(_ name: String, among names: Set<String>, limit: Int = 3) -> [String] {
        let target = Array(name.lowercased().unicodeScalars)
        let allowed = max(1, min(2, target.count / 3))
        var scored: [(distance: Int, name: String)] = []
        for candidate in names where candidate != name {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            if distance <= allowed { scored.append((distance, candidate)) }
        }
        return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(limit).map(\.name)
    }

    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0 ... b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            current[0] = i
            for j in 1 ... b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

/// The author of an inbox line, without the rest.
struct ActorOnly: JournalProjection {
    var actor: String
}

/// The holder of a lock event, without the rest.
struct HolderOnly: JournalProjection {
    var holder: String?
}

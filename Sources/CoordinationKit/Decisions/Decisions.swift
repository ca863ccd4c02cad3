import CoordStorage
import FoundationEssentials

/// What `coord decide` records.
public struct DecisionDraft: Sendable {
    public var decision: String
    public var context: String
    public var rationale: String
    public var supersedes: [String]
    public var proposed: Bool
    public var tags: [String]
    /// `--key`: a repeat returns the decision recorded first (see `IdempotencyKey`).
    public var key: IdempotencyKey?
    /// `--quorum`: open the proposal for a vote that closes when this many agents have voted.
    public var quorum: Int?
    /// `--voters`: who may vote (empty: any agent).
    public var voters: [String]

    public init(decision: String, context: String, rationale: String, supersedes: [String] = [],
                proposed: Bool = false, tags: [String] = [], key: IdempotencyKey? = nil,
                quorum: Int? = nil, voters: [String] = []) {
        self.key = key
        self.quorum = quorum
        self.voters = voters
        self.decision = decision
        self.context = context
        self.rationale = rationale
        self.supersedes = supersedes
        self.proposed = proposed
        self.tags = tags
    }
}

/// What `coord ack` did.
public struct AckResult: Sendable, Equatable {
    /// Newly acknowledged.
    public var acknowledged: [String]
    /// Already acknowledged by this agent: nothing written.
    public var alreadyKnown: [String]

    public init(acknowledged: [String], alreadyKnown: [String]) {
        self.acknowledged = acknowledged
        self.alreadyKnown = alreadyKnown
    }
}

/// The architecture decisions of a board: `.coordination/decisions.jsonl`.
///
/// Every change is a read-decide-append inside the board lock, so ids are
/// handed out one at a time and a status changes only from the state it was
/// checked in. Each new decision and each status change then posts one
/// bulletin line.
public struct Decisions: Sendable {
    public static let maximumDecisionBytes = 500
    public static let maximumTextBytes = 16 * 1024
    public static let maximumTagBytes = 64

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    var journal: RecordJournal<DecisionEvent> { RecordJournal(directory: workspace.board) }

    /// Appends `events` in one write, each given its id (see `RecordID`), and returns them so. Inside the board lock.
    @discardableResult
    func append(_ events: [Stored<DecisionEvent>]) throws -> [Stored<DecisionEvent>] {
        guard !events.isEmpty else { return [] }
        let offset = try journal.size()
        var identified = events
        for index in identified.indices {
            identified[index].value.id = try DecisionEvent.derivedID(identified[index], offset: offset, index: index)
        }
        try journal.append(identified)
        return identified
    }

    @discardableResult
    func append(_ events: [DecisionEvent]) throws -> [Stored<DecisionEvent>] { try append(events.map { Stored(value: $0) }) }

    /// The current decisions.
    public func log() throws -> DecisionLog {
        DecisionLog(try events(), zone: workspace.timeZone)
    }

    func events() throws -> [Stored<DecisionEvent>] {
        try journal.read(options: .unknownFields).records
    }

    /// Decisions matching `query`, in id order.
    public func list(_ query: DecisionQuery = DecisionQuery()) throws -> [Decision] {
        try listing(query).decisions
    }

    /// Decisions matching `query`, in id order, with the problems the journal shows.
    public func listing(_ query: DecisionQuery = DecisionQuery()) throws -> (decisions: [Decision], conflicts: [String]) {
        let log = try log()
        let found = log.decisions.filter(query.matches).sorted { ($0.number, $0.id) < ($1.number, $1.id) }
        return (found, log.conflicts)
    }

    public func show(_ id: String) throws -> Decision {
        try log().require(try DecisionID.parse(id))
    }

    // MARK: Deciding

    /// Records a new decision under the next id and posts it to the bulletin.
    @discardableResult
    public func decide(_ draft: DecisionDraft, as agent: AgentName) throws -> Decision {
        let decisionText = try Self.validated(draft.decision, name: "decision", limit: Self.maximumDecisionBytes,
                                              example: "coord decide \"FalkorDB + CQRS write pattern\" --context … --rationale …")
        let context = try Self.validated(draft.context, name: "--context", limit: Self.maximumTextBytes,
                                         example: "--context \"v2 graph database selection\"")
        let rationale = try Self.validated(draft.rationale, name: "--rationale", limit: Self.maximumTextBytes,
                                           example: "--rationale \"single writer fits a Redis queue\"")
        let tags = try Self.validatedTags(draft.tags)
        let voters = try Self.validatedVote(draft)
        var targets: [String] = []
        for text in draft.supersedes {
            let id = try DecisionID.parse(text)
            if !targets.contains(id) { targets.append(id) }
        }
        let now = workspace.clock.now()
        let zone = workspace.timeZone
        var repeated = false
        let decision: Decision = try withDecisionJournal {
            let recorded = try events()
            if let earlier = try keyedDecision(draft.key, by: agent, in: recorded, now: now) {
                repeated = true
                return earlier
            }
            let log = DecisionLog(recorded, zone: zone)
            let id = log.nextID
            for target in targets {
                let existing = try log.require(target)
                if existing.status != .accepted { throw CoordError.cannotSupersede(existing, by: id) }
            }
            var event = DecisionEvent(event: .decided, adr: id, at: Timestamp.utc(now), actor: agent.rawValue)
            event.decision = decisionText
            event.context = context
            event.rationale = rationale
            event.date = zone.local(now).date.description
            event.source = agent.rawValue
            event.status = draft.proposed ? DecisionStatus.proposed.rawValue : DecisionStatus.accepted.rawValue
            event.supersedes = targets.isEmpty ? nil : targets
            event.tags = tags.isEmpty ? nil : tags
            event.key = draft.key?.rawValue
            event.quorum = draft.quorum
            event.voters = voters
            var events = [event]
            if !draft.proposed { events += Self.supersession(of: targets, by: id, at: now, actor: agent.rawValue) }
            return try append(events, to: recorded)
        }
        if repeated { return decision }
        var line = Self.bulletinLine(draft.proposed ? "proposed" : "decided", decision)
        if let vote = decision.vote { line += " " + Self.openingNote(vote) }
        Bulletin(workspace).announce(line, as: agent)
        return decision
    }

    /// Accepts a proposed decision; the decisions it supersedes are superseded now.
    @discardableResult
    public func approve(_ id: String, as agent: AgentName, key: IdempotencyKey? = nil) throws -> Decision {
        let id = try DecisionID.parse(id)
        let now = workspace.clock.now()
        var repeated = false
        let decision: Decision = try withDecisionJournal {
            let recorded = try events()
            if let earlier = try keyedDecision(key, by: agent, kinds: [.approved], in: recorded, now: now) {
                repeated = true
                return earlier
            }
            let log = DecisionLog(recorded, zone: workspace.timeZone)
            let proposal = try log.require(id)
            guard proposal.status == .proposed else { throw CoordError.notProposed(proposal, action: "approve") }
            for target in proposal.supersedes {
                let existing = try log.require(target)
                if existing.status != .accepted { throw CoordError.approvalBlocked(id, by: existing) }
            }
            var approval = DecisionEvent(event: .approved, adr: id, at: Timestamp.utc(now), actor: agent.rawValue)
            approval.key = key?.rawValue
            Self.recordOverride(of: proposal, in: &approval)
            return try append([approval] + Self.supersession(of: proposal.supersedes, by: id, at: now, actor: agent.rawValue),
                              to: recorded)
        }
        if repeated { return decision }
        Bulletin(workspace).announce(Self.bulletinLine("approved", decision) + Self.overrideNote(decision), as: agent)
        return decision
    }

    /// Turns down a proposed decision, recording why.
    @discardableResult
    public func reject(_ id: String, reason: String, as agent: AgentName, key: IdempotencyKey? = nil) throws -> Decision {
        let id = try DecisionID.parse(id)
        let reason = try Self.validated(reason, name: "--reason", limit: Self.maximumTextBytes,
                                        example: "--reason \"the queue adds a second moving part\"")
        let now = workspace.clock.now()
        var repeated = false
        let decision: Decision = try withDecisionJournal {
            let recorded = try events()
            if let earlier = try keyedDecision(key, by: agent, kinds: [.rejected], in: recorded, now: now) {
                repeated = true
                return earlier
            }
            let proposal = try DecisionLog(recorded, zone: workspace.timeZone).require(id)
            guard proposal.status == .proposed else { throw CoordError.notProposed(proposal, action: "reject") }
            var rejection = DecisionEvent(event: .rejected, adr: id, at: Timestamp.utc(now), actor: agent.rawValue)
            rejection.reason = reason
            rejection.key = key?.rawValue
            Self.recordOverride(of: proposal, in: &rejection)
            return try append([rejection], to: recorded)
        }
        if repeated { return decision }
        let line = Self.bulletinLine("rejected", decision) + " (" + Self.shortened(reason, to: 200) + ")"
            + Self.overrideNote(decision)
        Bulletin(workspace).announce(line, as: agent)
        return decision
    }

    /// Records that `agent` has taken the decisions in. Unknown ids change nothing.
    @discardableResult
    public func acknowledge(_ ids: [String], as agent: AgentName) throws -> AckResult {
        var wanted: [String] = []
        for text in ids {
            let id = try DecisionID.parse(text)
            if !wanted.contains(id) { wanted.append(id) }
        }
        let now = workspace.clock.now()
        return try withDecisionJournal {
            let log = try log()
            var result = AckResult(acknowledged: [], alreadyKnown: [])
            var events: [DecisionEvent] = []
            for id in wanted {
                let decision = try log.require(id)
                if decision.acknowledgedBy.contains(agent.rawValue) {
                    result.alreadyKnown.append(id)
                } else {
                    events.append(DecisionEvent(event: .acked, adr: id, at: Timestamp.utc(now), actor: agent.rawValue))
                    result.acknowledged.append(id)
                }
            }
            try append(events)
            return result
        }
    }

    // MARK: Helpers

    /// The board lock, and under a remote the commit there (`ExclusiveRecords`), around a decision step.
    private func withDecisionJournal<T>(_ body: () throws -> T) throws -> T {
        try workspace.board.withExclusiveLock { try ExclusiveRecords.commit(workspace, body) }
    }

    /// Appends `events` in one write and returns the first event's decision as it now stands.
    func append(_ events: [DecisionEvent], to recorded: [Stored<DecisionEvent>]) throws -> Decision {
        // The appended events with their ids: the fold applies a repeated id once.
        let appended = try append(events)
        return try DecisionLog(recorded + appended, zone: workspace.timeZone).require(events[0].adr)
    }

    static func supersession(of targets: [String], by id: String, at now: Date, actor: String) -> [DecisionEvent] {
        targets.map { target in
            var event = DecisionEvent(event: .superseded, adr: target, at: Timestamp.utc(now), actor: actor)
            event.by = id
            return event
        }
    }

    /// `decided ADR-007: FalkorDB + CQRS write pattern (supersedes ADR-003)`.
    static func bulletinLine(_ verb: String, _ decision: Decision) -> String {
        var line = "\(verb) \(decision.id): " + shortened(decision.decision, to: 200)
        if !decision.supersedes.isEmpty && verb != "rejected" {
            let relation = verb == "proposed" ? "would supersede" : "supersedes"
            line += " (\(relation) \(decision.supersedes.joined(separator: ", ")))"
        }
        return line
    }

    static func shortened(_ text: String, to characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(characters - 1)) + "…"
    }

    static func validated(_ text: String, name: String, limit: Int, example: String) throws -> String {
        if text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace }) {
            throw CoordError.invalidInput("The \(name) is empty; say it in words, for example: \(example).")
        }
        if text.utf8.count > limit {
            throw CoordError.invalidInput(
                "The \(name) is \(text.utf8.count) bytes, over the limit of \(limit); shorten it and put the detail in a file it names.")
        }
        return text
    }

    static func validatedTags(_ tags: [String]) throws -> [String] {
        var result: [String] = []
        for tag in tags.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let trimmed = String(tag.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
            guard !trimmed.isEmpty, trimmed.utf8.count <= maximumTagBytes,
                  !trimmed.unicodeScalars.contains(where: { Escaping.needsEscape($0) })
            else {
                throw CoordError.invalidInput(
                    "The tag '\(Escaping.escape(tag))' is empty, longer than \(maximumTagBytes) bytes or holds control characters; use short words such as --tag storage.")
            }
            if !result.contains(trimmed) { result.append(trimmed) }
        }
        return result
    }
}

import CoordStorage
import FoundationEssentials

/// The workers on a board: one JSON Lines journal per worker in
/// `.coordination/workers/<domain>.jsonl`.
///
/// Every record is appended with one write inside the board lock, after
/// reading the journal's last record, and carries the worker's resulting
/// state; so the last line says where a worker stands, and status views read
/// one line per worker whatever the length of its history.
public struct Workers: Sendable {
    /// How long an active worker may stay silent before it counts as stale,
    /// unless the board's `workers.stale-after` says otherwise.
    public static let defaultStaleAfter: Int64 = 2 * 3600

    public static let folderName = "workers"

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    // MARK: Files

    func folder(create: Bool) throws -> BoardDirectory? {
        try workspace.board.subdirectory(Self.folderName, create: create)
    }

    func journal(_ domain: WorkerDomain, in folder: BoardDirectory) -> RecordJournal<WorkerRecord> {
        RecordJournal(directory: folder, name: domain.fileName)
    }

    /// The last record of `domain`'s journal, or nil when the worker does not exist.
    func last(_ domain: WorkerDomain, in folder: BoardDirectory?) throws -> WorkerRecord? {
        guard let folder else { return nil }
        return try journal(domain, in: folder).last()
    }

    /// True when `domain` has a worker entity on the board.
    public func exists(_ domain: WorkerDomain) throws -> Bool {
        try last(domain, in: try folder(create: false)) != nil
    }

    /// Every domain with a journal, sorted.
    public func domains() throws -> [WorkerDomain] {
        guard let folder = try folder(create: false) else { return [] }
        return try folder.listNames().compactMap { name in
            guard name.hasSuffix(".jsonl") else { return nil }
            return try? WorkerDomain(String(name.dropLast(".jsonl".count)))
        }
    }

    // MARK: Finding the acting agent's worker

    /// `explicit` when given, else the worker whose agent name is `agent`.
    public func resolve(_ explicit: String?, for agent: AgentName) throws -> WorkerDomain {
        if let explicit { return try WorkerDomain(explicit) }
        let folder = try folder(create: false)
        // Launched agents are named worker-N-<domain>: try that domain first.
        if let guess = Self.domain(inAgentName: agent.rawValue),
           let record = try last(guess, in: folder), record.state.agent == agent.rawValue {
            return guess
        }
        var matches: [WorkerDomain] = []
        for domain in try domains() where try last(domain, in: folder)?.state.agent == agent.rawValue {
            matches.append(domain)
        }
        guard matches.count == 1 else {
            if matches.isEmpty { throw CoordError.noWorker(forAgent: agent.rawValue) }
            throw CoordError.severalWorkers(forAgent: agent.rawValue, domains: matches.map(\.rawValue))
        }
        return matches[0]
    }

    /// `backend-api` from `worker-12-backend-api`.
    static func domain(inAgentName name: String) -> WorkerDomain? {
        guard name.hasPrefix("worker-") else { return nil }
        let rest = name.dropFirst("worker-".count)
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, rest.dropFirst(digits.count).first == "-" else { return nil }
        return try? WorkerDomain(String(rest.dropFirst(digits.count + 1)))
    }

    // MARK: Recording

    /// Appends an update to `domain` and posts one bulletin line.
    @discardableResult
    public func update(_ domain: WorkerDomain, _ observation: WorkerObservation, as agent: AgentName,
                       key: IdempotencyKey? = nil) throws -> WorkerRecord {
        try observation.validate()
        var repeated = false
        let record: WorkerRecord = try locked(domain) { folder, previous in
            if let earlier = try keyedRecord(key, by: agent, in: domain, folder: folder) {
                repeated = true
                return earlier
            }
            if previous.state.status == .complete && !observation.reopen { throw CoordError.workerComplete(domain.rawValue) }
            var record = newRecord(.update, as: agent, state: previous.state.updated(with: observation), key: key)
            observation.fill(&record)
            if previous.state.status == .complete { record.reopened = true }
            return try append([record], to: domain, in: folder)[0]
        }
        if repeated, let key { return Self.noteRepeat(key, record) }
        Bulletin(workspace).announce(WorkerBulletinText.update(domain, record), as: agent)
        return record
    }

    /// Records a handoff on both workers: the sender becomes `handed-off`, and the
    /// receiver's timeline shows what it received. Posts one bulletin line.
    @discardableResult
    public func handoff(from sender: WorkerDomain, to receiver: WorkerDomain, artifacts: [String], note: String?,
                        as agent: AgentName, key: IdempotencyKey? = nil) throws -> (sent: WorkerRecord, received: WorkerRecord) {
        guard sender != receiver else {
            throw CoordError.invalidInput("A worker cannot hand off to itself ('\(sender)'); name the receiving domain with --to.")
        }
        for artifact in artifacts { try WorkerObservation.validateText(artifact, flag: "--artifacts") }
        if let note { try WorkerObservation.validateText(note, flag: "--note") }
        if artifacts.isEmpty && note == nil {
            throw CoordError.invalidInput("A handoff needs --artifacts or --note (or both), so the receiver knows what it gets.")
        }
        var repeated = false
        let records: (WorkerRecord, WorkerRecord) = try locked(sender) { folder, previous in
            if let sent = try keyedRecord(key, by: agent, in: sender, folder: folder),
               let received = try keyedRecord(key, by: agent, in: receiver, folder: folder) {
                repeated = true
                return (sent, received)
            }
            if previous.state.status == .complete { throw CoordError.workerComplete(sender.rawValue) }
            guard let target = try last(receiver, in: folder) else { throw CoordError.workerNotFound(receiver.rawValue) }
            var sent = newRecord(.handoff, as: agent, state: previous.state.handedOff(), key: key)
            sent.to = receiver.rawValue
            sent.artifacts = artifacts.isEmpty ? nil : artifacts
            sent.notes = note.map { [$0] }
            sent = try append([sent], to: sender, in: folder)[0]
            var received = newRecord(.received, as: agent, state: target.state, key: key)
            received.from = sender.rawValue
            received.artifacts = sent.artifacts
            received.notes = sent.notes
            received.ref = sent.id
            received = try append([received], to: receiver, in: folder)[0]
            return (sent, received)
        }
        if repeated, let key { return (Self.noteRepeat(key, records.0), records.1) }
        Bulletin(workspace).announce(WorkerBulletinText.handoff(sender, records.0), as: agent)
        return records
    }

    /// Records the final report: `complete`, or `exited` when `unfinished`.
    @discardableResult
    public func done(_ domain: WorkerDomain, report: String, unfinished: Bool, as agent: AgentName,
                     key: IdempotencyKey? = nil) throws -> WorkerRecord {
        try WorkerObservation.validateText(report, flag: "--report")
        var repeated = false
        let record: WorkerRecord = try locked(domain) { folder, previous in
            if let earlier = try keyedRecord(key, by: agent, in: domain, folder: folder) {
                repeated = true
                return earlier
            }
            if previous.state.status == .complete { throw CoordError.workerComplete(domain.rawValue) }
            var record = newRecord(.done, as: agent, state: previous.state.finished(unfinished: unfinished), key: key)
            record.report = report
            return try append([record], to: domain, in: folder)[0]
        }
        if repeated, let key { return Self.noteRepeat(key, record) }
        Bulletin(workspace).announce(WorkerBulletinText.done(domain, record), as: agent)
        return record
    }

    /// Runs `body` inside the board lock with `domain`'s last record.
    private func locked<T>(_ domain: WorkerDomain, _ body: (BoardDirectory, WorkerRecord) throws -> T) throws -> T {
        guard let folder = try folder(create: false) else { throw CoordError.workerNotFound(domain.rawValue) }
        return try workspace.board.withExclusiveLock {
            guard let previous = try last(domain, in: folder) else { throw CoordError.workerNotFound(domain.rawValue) }
            return try body(folder, previous)
        }
    }

    func newRecord(_ kind: WorkerRecordKind, as agent: AgentName, state: WorkerState, key: IdempotencyKey? = nil) -> WorkerRecord {
        var record = WorkerRecord(id: "", at: Timestamp.utc(workspace.clock.now()), agent: agent.rawValue,
                                  kind: kind, state: state)
        record.key = key?.rawValue
        return record
    }

    private static func noteRepeat(_ key: IdempotencyKey, _ record: WorkerRecord) -> WorkerRecord {
        IdempotencyKey.noteRepeat(key, "the \(record.kind) \(record.id)")
        return record
    }

    /// Gives `records` their ids and appends them to `domain`'s journal in one
    /// write. Inside the board lock.
    @discardableResult
    func append(_ records: [WorkerRecord], to domain: WorkerDomain, in folder: BoardDirectory) throws -> [WorkerRecord] {
        let journal = journal(domain, in: folder)
        let offset = try folder.openFile(domain.fileName, mode: .readOnly)?.size() ?? 0
        var identified = records
        for index in identified.indices {
            identified[index].id = try WorkerRecord.identifier(for: identified[index], journal: domain.fileName,
                                                               offset: offset, index: index)
        }
        try journal.append(identified)
        return identified
    }

    // MARK: Creating entities

    /// Appends an `entity` record for each worker. Call inside the board lock,
    /// after checking (`exists`) that each may be written.
    func createEntities(_ entities: [WorkerEntity], as agent: AgentName) throws {
        guard !entities.isEmpty else { return }
        let folder = try folder(create: true)!
        for entity in entities {
            let domain = try WorkerDomain(entity.domain)
            var record = newRecord(.entity, as: agent,
                                   state: WorkerState(status: .active, number: entity.number, agent: entity.agent))
            record.entity = entity
            try append([record], to: domain, in: folder)
        }
    }

    /// The numbers workers hold now, by domain.
    func numbers() throws -> [WorkerDomain: Int] {
        let folder = try folder(create: false)
        var numbers: [WorkerDomain: Int] = [:]
        for domain in try domains() {
            if let record = try last(domain, in: folder) { numbers[domain] = record.state.number }
        }
        return numbers
    }

    /// The lowest number above every worker's: what `coord brief` gives a new worker.
    public func nextNumber() throws -> Int {
        (try numbers().values.max() ?? 0) + 1
    }
}

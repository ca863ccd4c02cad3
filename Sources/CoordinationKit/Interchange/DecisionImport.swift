import CoordStorage
import FoundationEssentials

/// Turns the records of a seed-format `DECISIONS.json` into decision events.
///
/// - A record already on the board (same id, or `original_id`, and the same
///   text in every field it gives) is not imported again; only `propagated_to`
///   names the board lacks are added, as acknowledgements.
/// - A new record keeps its id when the board has no decision of that id;
///   otherwise it gets the next free id and keeps its own as `original_id`.
/// - `status`, `supersedes`, `superseded_by` and `history` (as `coord export`
///   writes them) are replayed as events; fields coord does not model are kept.
struct DecisionImport {
    /// The record fields this import turns into events; every other field is kept as is.
    static let modelledNames: Set<String> = [
        "id", "date", "context", "decision", "rationale", "source", "propagated_to", "status", "supersedes",
        "superseded_by", "tags", "history", "original_id",
    ]

    let log: DecisionLog
    let now: Date
    let importer: String
    let zone: BoardTimeZone
    let path: String

    struct Seed {
        var rawID: String?
        var keyID: String?
        var decision: String
        var context: String?
        var rationale: String?
        var date: String?
        var source: String?
        var status: DecisionStatus?
        var supersedes: [String]
        var supersededBy: String?
        var tags: [String]?
        var propagatedTo: [String]
        var history: [[String: JSONValue]]
        var originalID: String?
        var reason: String?
        var unknown: [String: JSONValue]
    }

    /// A decision a seed record may already be: on the board, or earlier in the same file.
    struct Candidate {
        var id: String
        var keyID: String
        var decision: String
        var context: String
        var rationale: String
        var date: String
        var source: String
        var acks: Set<String>

        func matches(_ seed: Seed) -> Bool {
            seed.decision == decision && (seed.keyID == nil || seed.keyID == keyID)
                && (seed.context ?? context) == context && (seed.rationale ?? rationale) == rationale
                && (seed.date ?? date) == date && (seed.source ?? source) == source
        }
    }

    enum Placement {
        case present(candidate: Int)
        case new(id: String?)
    }

    func plan(_ records: [[String: JSONValue]]) throws -> (events: [Stored<DecisionEvent>], part: ImportReport.DecisionsPart) {
        let seeds = try records.enumerated().map { try parse($1, number: $0 + 1) }
        var candidates = log.decisions.map { decision in
            Candidate(id: decision.id, keyID: DecisionID.canonical(decision.originalID ?? decision.id),
                      decision: decision.decision, context: decision.context, rationale: decision.rationale,
                      date: decision.date, source: decision.source, acks: Set(decision.acknowledgedBy))
        }
        // Which records are new, and which ids they can keep.
        var taken = Set(log.decisions.map(\.id))
        var placements: [Placement] = []
        var batch: [Int: Int] = [:]  // seed index -> candidate index, for new records
        for (index, seed) in seeds.enumerated() {
            if let found = candidates.firstIndex(where: { $0.matches(seed) }) {
                placements.append(.present(candidate: found))
                continue
            }
            var wanted = seed.rawID.flatMap { DecisionID.number(in: $0) }.map(DecisionID.format)
            if let id = wanted, taken.contains(id) { wanted = nil }
            if let id = wanted { taken.insert(id) }
            placements.append(.new(id: wanted))
            batch[index] = candidates.count
            candidates.append(Candidate(id: wanted ?? "", keyID: seed.keyID ?? "", decision: seed.decision,
                                        context: seed.context ?? "", rationale: seed.rationale ?? "",
                                        date: seed.date ?? "", source: seed.source ?? importer, acks: []))
        }
        // Records that could not keep their id get numbers above every id in use.
        var highest = taken.compactMap { DecisionID.number(in: $0) }.max() ?? 0
        highest = max(highest, log.highestNumber)
        for (index, placement) in placements.enumerated() {
            if case .new(nil) = placement, let slot = batch[index] {
                highest += 1
                candidates[slot].id = DecisionID.format(highest)
                placements[index] = .new(id: candidates[slot].id)
            }
        }
        // The ids the file's cross-references (supersedes, by) point to now.
        var idMap: [String: String] = [:]
        for (index, seed) in seeds.enumerated() {
            guard let raw = seed.rawID else { continue }
            let boardID: String
            switch placements[index] {
            case .present(let found): boardID = candidates[found].id
            case .new: boardID = candidates[batch[index]!].id
            }
            if idMap[raw] == nil { idMap[raw] = boardID }
            if idMap[DecisionID.canonical(raw)] == nil { idMap[DecisionID.canonical(raw)] = boardID }
        }
        let mapID: (String) -> String = { idMap[$0] ?? DecisionID.canonical($0) }

        var part = ImportReport.DecisionsPart()
        var decided: [Stored<DecisionEvent>] = []
        var later: [Stored<DecisionEvent>] = []
        for (index, seed) in seeds.enumerated() {
            let slot: Int
            switch placements[index] {
            case .present(let found):
                slot = found
                if !part.alreadyPresent.contains(candidates[found].id) { part.alreadyPresent.append(candidates[found].id) }
            case .new:
                slot = batch[index]!
                let id = candidates[slot].id
                let (first, rest) = try events(for: seed, id: id, mapID: mapID)
                decided.append(first)
                later += rest
                candidates[slot].acks.formUnion(rest.filter { $0.value.event == .acked }.map(\.value.actor))
                let original = seed.originalID ?? (seed.rawID.map { $0 == id ? nil : $0 } ?? nil)
                part.imported.append(.init(id: id, originalID: original))
            }
            for name in seed.propagatedTo where !candidates[slot].acks.contains(name) {
                candidates[slot].acks.insert(name)
                later.append(Stored(value: imported(.acked, candidates[slot].id, actor: name)))
            }
        }
        later += supersessions(decided + later)
        part.acknowledgements = later.filter { $0.value.event == .acked }.count
        return (decided + later, part)
    }

    /// `supersedes` applied both ways, as `coord decide --supersedes` does: an
    /// imported decision that ends accepted and supersedes others marks each of
    /// them superseded by it, unless the board or the file already says so.
    private func supersessions(_ events: [Stored<DecisionEvent>]) -> [Stored<DecisionEvent>] {
        var superseded = Set(log.decisions.filter { $0.status == .superseded }.map(\.id))
        superseded.formUnion(events.filter { $0.value.event == .superseded }.map(\.value.adr))
        var final: [String: DecisionEvent.Kind] = [:]
        for event in events.map(\.value) {
            if event.event == .decided {
                final[event.adr] = event.status == DecisionStatus.proposed.rawValue ? DecisionEvent.Kind(rawValue: "proposed") : .decided
            } else if [.approved, .rejected, .superseded].contains(event.event) {
                final[event.adr] = event.event
            }
        }
        let accepted = Set(log.decisions.filter { $0.status == .accepted }.map(\.id))
        var added: [Stored<DecisionEvent>] = []
        for event in events.map(\.value) where event.event == .decided {
            guard let targets = event.supersedes, [.decided, .approved].contains(final[event.adr]) else { continue }
            for target in targets where !superseded.contains(target)
                && (accepted.contains(target) || [.decided, .approved].contains(final[target])) {
                superseded.insert(target)
                var supersession = imported(.superseded, target, actor: importer)
                supersession.by = event.adr
                added.append(Stored(value: supersession))
            }
        }
        return added
    }

    // MARK: One record

    private func events(for seed: Seed, id: String, mapID: (String) -> String) throws
        -> (Stored<DecisionEvent>, [Stored<DecisionEvent>]) {
        let history = try seed.history.enumerated().map { try historyEvent($1, number: $0 + 1, id: id, mapID: mapID) }
        let opening = history.first { $0.value.event == .decided }
        let kinds = Set(history.map(\.value.event))
        let final = seed.status ?? (seed.supersededBy != nil ? .superseded : .accepted)
        let initial = opening?.value.status.flatMap(DecisionStatus.init(rawValue:))
            ?? ([.proposed, .rejected].contains(final) || kinds.contains(.approved) || kinds.contains(.rejected) ? .proposed : .accepted)

        var event = opening?.value ?? imported(.decided, id, actor: importer)
        event.adr = id
        event.event = .decided
        event.decision = seed.decision
        event.context = seed.context
        event.rationale = seed.rationale
        event.date = seed.date
        event.source = seed.source
        event.status = initial == .proposed ? DecisionStatus.proposed.rawValue : DecisionStatus.accepted.rawValue
        event.supersedes = seed.supersedes.isEmpty ? nil : seed.supersedes.map(mapID)
        event.tags = seed.tags
        event.originalID = seed.originalID ?? (seed.rawID.map { $0 == id ? nil : $0 } ?? nil)
        event.origin = event.origin ?? "import"
        var extra = seed.unknown.filter { !DecisionEvent.reservedFieldNames.contains($0.key) }
        // A vote as `coord export` writes it is replayed from the history; its opening comes back here.
        var clashing = seed.unknown.filter { DecisionEvent.reservedFieldNames.contains($0.key) }
        if let vote = Self.exportedVote(clashing["vote"]) {
            clashing["vote"] = nil
            event.quorum = vote.quorum
            event.voters = vote.voters
        }
        event.importedFields = clashing.isEmpty ? nil : clashing
        extra.merge(opening?.extra ?? [:]) { mine, _ in mine }

        var rest = history.filter { $0.value.event != .decided }
        if final == .accepted && initial == .proposed && !kinds.contains(.approved) {
            rest.append(Stored(value: imported(.approved, id, actor: importer)))
        }
        if final == .rejected && !kinds.contains(.rejected) {
            var rejection = imported(.rejected, id, actor: importer)
            rejection.reason = seed.reason
            rest.append(Stored(value: rejection))
        }
        if final == .superseded && !kinds.contains(.superseded) {
            var supersession = imported(.superseded, id, actor: importer)
            supersession.by = seed.supersededBy.map(mapID)
            rest.append(Stored(value: supersession))
        }
        return (Stored(value: event, extra: extra), rest)
    }

    private func historyEvent(_ fields: [String: JSONValue], number: Int, id: String, mapID: (String) -> String) throws
        -> Stored<DecisionEvent> {
        guard let kind = fields["event"]?.stringValue, !kind.isEmpty else {
            throw CoordError.invalidInput("History entry \(number) of \(id) in '\(path)' has no \"event\"; fix it and import again.")
        }
        for key in ["actor", "at", "status", "reason", "by", "origin"] {
            if let value = fields[key], value != .null, value.stringValue == nil {
                throw CoordError.invalidInput("History entry \(number) of \(id) in '\(path)' has a \"\(key)\" that is not text; fix it and import again.")
            }
        }
        var at = now
        if let text = fields["at"]?.stringValue {
            guard let parsed = Timestamp.parse(text, in: zone) else {
                throw CoordError.invalidInput("History entry \(number) of \(id) in '\(path)' has the time '\(text)', which is not ISO 8601; fix it and import again.")
            }
            at = parsed
        }
        var event = DecisionEvent(event: .init(rawValue: kind), adr: id, at: Timestamp.utc(at),
                                  actor: fields["actor"]?.stringValue ?? importer)
        event.status = fields["status"]?.stringValue
        event.reason = fields["reason"]?.stringValue
        event.by = fields["by"]?.stringValue.map(mapID)
        event.origin = fields["origin"]?.stringValue ?? "import"
        // Votes: the vote, and what closed or overrode one; `replaces` is derived by the fold.
        event.vote = fields["vote"]?.stringValue.flatMap(VoteChoice.init(rawValue:))?.rawValue
        event.quorum = fields["quorum"]?.integerValue.map(Int.init)
        if let tally = fields["tally"]?.objectValue {
            event.tally = VoteTally(yes: (tally["yes"]?.arrayValue ?? []).compactMap(\.stringValue),
                                    no: (tally["no"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        event.overridesVote = fields["overrides_vote"] == .bool(true) ? true : nil
        let known: Set<String> = ["event", "actor", "at", "status", "reason", "by", "origin", "replaces"]
        return Stored(value: event, extra: fields.filter { !known.contains($0.key) && !DecisionEvent.reservedFieldNames.contains($0.key) })
    }

    /// The quorum and voters of a decision's `vote` object as `coord export` writes it; nil for anything else.
    static func exportedVote(_ value: JSONValue?) -> (quorum: Int, voters: [String]?)? {
        guard let vote = value?.objectValue, let quorum = vote["quorum"]?.integerValue, quorum >= 1,
              vote["state"]?.stringValue != nil else { return nil }
        let voters = vote["voters"]?.arrayValue.map { $0.compactMap(\.stringValue) }
        return (Int(quorum), voters)
    }

    private func imported(_ kind: DecisionEvent.Kind, _ id: String, actor: String) -> DecisionEvent {
        var event = DecisionEvent(event: kind, adr: id, at: Timestamp.utc(now), actor: actor)
        event.origin = "import"
        return event
    }

    private func parse(_ fields: [String: JSONValue], number: Int) throws -> Seed {
        // Every field is type-checked before anything is written: text is a
        // JSON string (only ids may be written as numbers, `"id": 7`), and a
        // list holds nothing but such values.
        let identifiers: Set<String> = ["id", "original_id", "supersedes", "superseded_by"]
        func text(_ key: String) throws -> String? {
            guard let value = fields[key], value != .null else { return nil }
            switch value {
            case .string(let string): return string
            case .integer(let number) where identifiers.contains(key): return String(number)
            default:
                throw CoordError.invalidInput("Decision \(number) in '\(path)' has a \"\(key)\" that is not text; fix it and import again.")
            }
        }
        func list(_ key: String) throws -> [String]? {
            guard let value = fields[key] else { return nil }
            let items: [JSONValue]
            switch value {
            case .null: return []
            case .array(let values): items = values
            default: items = [value]
            }
            return try items.map { item in
                switch item {
                case .string(let string): return string
                case .integer(let number) where identifiers.contains(key): return String(number)
                default:
                    throw CoordError.invalidInput("Decision \(number) in '\(path)' has a \"\(key)\" that is not a list of text; fix it and import again.")
                }
            }
        }
        guard let decision = try text("decision"), !decision.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw CoordError.invalidInput("Decision \(number) in '\(path)' has no \"decision\" text; add it and import again.")
        }
        var status: DecisionStatus? = nil
        if let given = try text("status") {
            guard let parsed = DecisionStatus(rawValue: given.lowercased()) else {
                throw CoordError.invalidInput(
                    "Decision \(number) in '\(path)' has the status '\(given)'; use proposed, accepted, rejected or superseded and import again.")
            }
            status = parsed
        }
        var history: [[String: JSONValue]] = []
        if let value = fields["history"], value != .null {
            guard case .array(let entries) = value else {
                throw CoordError.invalidInput("Decision \(number) in '\(path)' has a \"history\" that is not a list; fix it and import again.")
            }
            history = try entries.enumerated().map { index, entry in
                guard case .object(let object) = entry else {
                    throw CoordError.invalidInput("History entry \(index + 1) of decision \(number) in '\(path)' is not a JSON object; fix it and import again.")
                }
                return object
            }
        }
        let rawID = try text("id")
        let originalID = try text("original_id")
        var modelled = Self.modelledNames
        let reason = status == .rejected ? try text("reason") : nil
        if reason != nil { modelled.insert("reason") }
        return Seed(
            rawID: rawID, keyID: (originalID ?? rawID).map(DecisionID.canonical), decision: decision,
            context: try text("context"), rationale: try text("rationale"), date: try text("date"), source: try text("source"),
            status: status, supersedes: try list("supersedes") ?? [], supersededBy: try text("superseded_by"),
            tags: try list("tags"), propagatedTo: try list("propagated_to") ?? [], history: history,
            originalID: originalID, reason: reason, unknown: fields.filter { !modelled.contains($0.key) })
    }
}

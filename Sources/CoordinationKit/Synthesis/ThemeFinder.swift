import CoordStorage

/// Themes across workers: salient terms that recur in more than one worker's
/// observations, which no single worker's log shows.
///
/// A term is a word of at least four letters that is not a common English
/// word, a field label of the observations, a number, or a worker's own
/// name. A plural is counted with its singular when both occur ("tokens"
/// with "token"). Terms are ranked by how many workers used them, then by
/// how often, then alphabetically.
enum ThemeFinder {
    static let limit = 8

    /// `texts` holds each worker's observation texts, by worker.
    static func themes(_ texts: [(worker: String, texts: [String])], excluding names: Set<String> = [],
                       limit: Int = ThemeFinder.limit) -> [SynthesisReport.Theme] {
        var workersByTerm: [String: Set<String>] = [:]
        var mentions: [String: Int] = [:]
        for (worker, texts) in texts {
            for text in texts {
                TextWords.forEach(in: text) { word, _ in
                    let term = word.hasSuffix("'s") ? String(word.dropLast(2)) : word
                    guard Self.isSalient(term), !names.contains(term) else { return }
                    workersByTerm[term, default: []].insert(worker)
                    mentions[term, default: 0] += 1
                }
            }
        }
        // Fold plurals into singulars that occur too.
        for term in workersByTerm.keys.sorted() where term.hasSuffix("s") && !term.hasSuffix("ss") {
            let singular = String(term.dropLast())
            guard workersByTerm[singular] != nil else { continue }
            workersByTerm[singular]!.formUnion(workersByTerm.removeValue(forKey: term)!)
            mentions[singular]! += mentions.removeValue(forKey: term)!
        }
        let shared = workersByTerm.filter { $0.value.count >= 2 }
        let ranked = shared.keys.sorted { a, b in
            let (wa, wb) = (shared[a]!.count, shared[b]!.count)
            if wa != wb { return wa > wb }
            if mentions[a]! != mentions[b]! { return mentions[a]! > mentions[b]! }
            return a < b
        }
        return ranked.prefix(limit).map { term in
            SynthesisReport.Theme(term: term, workers: shared[term]!.sorted(), mentions: mentions[term]!)
        }
    }

    static func isSalient(_ word: String) -> Bool {
        guard word.utf8.count >= 4, !stopWords.contains(word) else { return false }
        // Numbers, versions and commit hashes say nothing shared.
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let isHex = { (byte: UInt8) in isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) }
        let hasLetter = word.utf8.contains { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 >= 0x80 }
        return hasLetter && !(word.utf8.contains(where: isDigit) && word.utf8.allSatisfy(isHex))
    }

    /// Common English words and the observations' own labels.
    static let stopWords: Set<String> = [
        "about", "above", "after", "again", "against", "also", "although", "always", "among", "another", "anything",
        "around", "available", "back", "because", "been", "before", "being", "below", "best", "better", "between",
        "both", "came", "cannot", "come", "could", "didn", "does", "doesn", "doing", "done", "down", "during", "each",
        "either", "else", "enough", "even", "ever", "every", "everything", "fine", "first", "found", "from", "further",
        "gets", "getting", "give", "given", "going", "good", "great", "have", "having", "here", "however", "into",
        "itself", "just", "keep", "know", "last", "later", "least", "less", "like", "little", "made", "make", "makes",
        "many", "might", "more", "most", "much", "must", "need", "needed", "needs", "never", "next", "none", "nothing",
        "once", "only", "other", "others", "over", "same", "seem", "seems", "should", "shows", "since", "some",
        "something", "soon", "still", "such", "sure", "take", "than", "that", "their", "them", "then", "there",
        "these", "they", "thing", "things", "this", "those", "though", "through", "today", "together", "took",
        "under", "until", "upon", "used", "uses", "using", "very", "want", "wants", "well", "went", "were", "what",
        "when", "where", "whether", "which", "while", "will", "with", "within", "without", "work", "worked",
        "working", "works", "would", "wrote", "your", "yours", "yesterday", "tomorrow", "now", "again", "maybe",
        // The seed's observation labels and the board's own words.
        "completed", "complete", "discoveries", "discovery", "impact", "blocker", "blockers", "blocked", "unblocked",
        "context", "files", "file", "commits", "commit", "note", "notes", "status", "worker", "workers", "session",
        "handoff", "handed", "ready", "report", "final", "exiting", "phase", "step", "steps", "task", "tasks",
        "added", "fixed", "updated", "started", "finished", "continue", "continuing", "still", "todo",
    ]
}

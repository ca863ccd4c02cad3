import CoordStorage

/// The paths a commit would change, as `git diff --cached --name-status -M -z`
/// lists them: a rename names both its source and its destination, so moving
/// a file into (or out of) a locked folder counts as touching it.
public struct StagedChanges: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        /// `M`, `A`, `D`, `R`, `C`, `T`…, without the similarity score.
        public var status: String
        /// The path in the commit (for a rename, the destination).
        public var path: String
        /// A rename's or copy's source.
        public var source: String?
    }

    /// The repository's top folder, which `path`s are relative to.
    public var top: String
    public var changes: [Change]

    /// Every path the commit touches, each once, in order.
    public var paths: [String] {
        var seen: Set<String> = []
        return changes.flatMap { [$0.source, $0.path].compactMap { $0 } }.filter { seen.insert($0).inserted }
    }

    /// Asks git in `directory` for the staged changes.
    public static func read(in directory: String) throws -> StagedChanges {
        let top = try git(["rev-parse", "--show-toplevel"], in: directory)
        let listing = try git(["diff", "--cached", "--name-status", "-M", "-z"], in: directory, raw: true)
        return StagedChanges(top: top, changes: try parse(listing))
    }

    /// Parses the NUL-separated `--name-status -z` listing.
    static func parse(_ listing: String) throws -> [Change] {
        var fields = listing.split(separator: "\0", omittingEmptySubsequences: true).map(String.init)[...]
        var changes: [Change] = []
        while let status = fields.popFirst() {
            let letter = String(status.prefix(1))
            guard let first = fields.popFirst() else { throw unreadable(listing) }
            if letter == "R" || letter == "C" {
                guard let second = fields.popFirst() else { throw unreadable(listing) }
                changes.append(Change(status: letter, path: second, source: first))
            } else {
                changes.append(Change(status: letter, path: first, source: nil))
            }
        }
        return changes
    }

    private static func unreadable(_ listing: String) -> CoordError {
        CoordError(.io, "git diff --cached printed a listing coord cannot read: '\(Escaping.escape(String(listing.prefix(200))))'.")
    }

    /// Runs git without a shell and returns its output (trimmed of the final newline unless `raw`).
    static func git(_ arguments: [String], in directory: String, raw: Bool = false) throws -> String {
        let command = ExternalCommand(arguments: ["git", "-C", directory] + arguments, timeLimitSeconds: 60, outputLimit: 64 << 20)
        let result = command.run(input: [])
        guard case .exited(status: 0) = result.ending else {
            let detail =
                String(decoding: result.errorOutput, as: UTF8.self).split(separator: "\n").first.map(String.init)
                ?? "\(result.ending)"
            throw CoordError(.io, "git \(arguments.joined(separator: " ")) failed in '\(directory)': \(Escaping.escape(detail)).")
        }
        let text = String(decoding: result.output, as: UTF8.self)
        return raw || !text.hasSuffix("\n") ? text : String(text.dropLast())
    }
}

import CoordStorage

/// A lock's resource name, after lexical normalisation.
///
/// Paths are names, not files: nothing is resolved on disk, so a path that
/// does not exist yet can be locked, and symlinks play no part. Two spellings
/// of one name compare equal:
///
/// - `.` components and empty components (`//`) are dropped, and so is a
///   trailing `/`: `./src//auth/` is `src/auth`;
/// - `x/..` cancels out lexically: `src/../lib` is `lib`; a leading `..` of a
///   relative path is kept (`../shared`), and `/..` is `/`;
/// - text is Unicode NFC, so a decomposed `é` equals the precomposed one;
/// - a path starting with `/` or `~` is kept as given (not expanded): `~/notes`
///   and `/srv/data` are names of their own, unrelated to relative names.
///
/// The empty relative path, written `.`, names the whole workspace.
/// Hierarchy is by whole components: `src` contains `src/a.swift` but not `srcs`.
public struct LockPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Where the name is rooted: `""` (relative), `"/"` (absolute) or `"~"`/`"~user"` (a home).
    public let root: String
    public let components: [String]

    /// The canonical text: what the journal stores and every view shows.
    public var description: String {
        // Joined by hand: `joined(separator:)` costs a runtime conformance lookup,
        // and every lock command sorts paths by this text.
        var text = root
        for (position, component) in components.enumerated() {
            if position > 0 || (!root.isEmpty && root != "/") { text += "/" }
            text += component
        }
        return text.isEmpty ? "." : text
    }

    /// The longest path, in bytes of UTF-8, that coord accepts.
    public static let maximumBytes = 1024

    /// Normalises `text`; throws `invalidInput` for an empty name or one with control characters.
    public init(_ text: String) throws {
        if let problem = Self.problem(with: text) {
            throw CoordError.invalidInput(
                "The lock path '\(Escaping.escape(text))' \(problem); name a file or folder, for example src/auth/ or docs/api.md.")
        }
        let normal = String(decoding: text._nfcCodeUnits, as: UTF8.self)
        var parts = normal.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var root = ""
        if normal.hasPrefix("/") {
            root = "/"
        } else if let first = parts.first, first.hasPrefix("~") {
            root = first
            parts.removeFirst()
        }
        var components: [String] = []
        for part in parts {
            switch part {
            case ".": continue
            case "..":
                if let last = components.last, last != ".." {
                    components.removeLast()
                } else if root.isEmpty {
                    components.append("..")
                }
                // "/.." is "/", and "~/.." stays at "~": a home is kept as given.
            default: components.append(part)
            }
        }
        self.root = root
        self.components = components
    }

    /// Why `text` cannot name a lock, or nil when it can.
    static func problem(with text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > maximumBytes { return "is longer than \(maximumBytes) bytes" }
        if text.unicodeScalars.contains(where: Escaping.needsEscape) {
            return "contains a control character or line break"
        }
        return nil
    }

    /// True when one path contains the other (or they are equal), by whole components.
    public func overlaps(_ other: LockPath) -> Bool {
        guard root == other.root else { return false }
        let shorter = min(components.count, other.components.count)
        return components[..<shorter] == other.components[..<shorter]
    }

    /// True when `self` is `other` or a folder above it.
    public func contains(_ other: LockPath) -> Bool {
        root == other.root && components.count <= other.components.count
            && other.components[..<components.count] == components[...]
    }

    public static func < (a: LockPath, b: LockPath) -> Bool { a.description < b.description }
}

/// The one error type coord shows to people.
///
/// Every message is a single sentence that names the path or value at fault
/// and says how to fix it. Each area of the board adds its own constructors in
/// an extension (`CoordError+Locks.swift`, …), so the type stays one type
/// without one file having to know every case.
public struct CoordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable, machine-readable name for what went wrong (shown in `--json` errors).
    public struct Kind: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }

    public let kind: Kind
    public let message: String
    /// The process exit status this error maps to; see `ExitStatus`.
    public let exitStatus: Int32

    public init(_ kind: Kind, _ message: String, exitStatus: Int32 = ExitStatus.failure) {
        self.kind = kind
        self.message = message
        self.exitStatus = exitStatus
    }

    public var description: String { message }
}

/// The exit statuses coord documents (see docs/exit-codes in the README).
public enum ExitStatus {
    public static let success: Int32 = 0
    /// Something failed: I/O, a damaged board, a refused operation.
    public static let failure: Int32 = 1
    /// A path is held by another agent (`lock`, `check`, `run`).
    public static let conflict: Int32 = 3
    /// The caller is not allowed: not the holder, or the record is in the wrong state.
    public static let refused: Int32 = 4
    /// A named thing does not exist (an ADR id, a worker domain).
    public static let notFound: Int32 = 5
    /// Bad input on the command line (swift-argument-parser's code as well).
    public static let usage: Int32 = 64
}

extension CoordError.Kind {
    public static let notAWorkspace = Self(rawValue: "not-a-workspace")
    public static let invalidInput = Self(rawValue: "invalid-input")
    public static let unsupportedFormat = Self(rawValue: "unsupported-format")
    public static let unsafeFile = Self(rawValue: "unsafe-file")
    public static let io = Self(rawValue: "io")
    public static let damaged = Self(rawValue: "damaged")
}

extension CoordError {
    package static func notAWorkspace(searchedFrom start: String) -> CoordError {
        CoordError(
            .notAWorkspace,
            "No .coordination/ folder was found in '\(start)' or any folder above it; run 'coord init' at the workspace root, or pass -C DIR."
        )
    }

    /// Bad input from the caller: exits with the usage status.
    public static func invalidInput(_ message: String) -> CoordError {
        CoordError(.invalidInput, message, exitStatus: ExitStatus.usage)
    }

    /// Bytes that are not UTF-8, on standard input or in an argument: refused alike, exit 64.
    public static func invalidUTF8(_ source: String) -> CoordError {
        invalidInput("\(source) is not valid UTF-8 text; convert it (for example with iconv) and try again.")
    }

    package static func unsupportedFormat(path: String, found: Int, supported: Int) -> CoordError {
        CoordError(
            .unsupportedFormat,
            "'\(path)' uses board format \(found), but this coord is supported up to \(supported); upgrade coord to read this board."
        )
    }

    package static func unsafeFile(path: String, reason: String) -> CoordError {
        CoordError(
            .unsafeFile,
            "Refusing to use '\(path)' because \(reason); remove it and let coord create the file again."
        )
    }

    package static func io(_ operation: String, path: String, errno code: Int32) -> CoordError {
        CoordError(.io, "Could not \(operation) '\(path)': \(SystemCall.describe(errno: code)).")
    }

    package static func damaged(path: String, detail: String) -> CoordError {
        CoordError(.damaged, "'\(path)' is damaged (\(detail)); run 'coord doctor' to see what is wrong.")
    }
}

import Glibc

/// Golden files: expected output kept under `Tests/Fixtures/`, compared byte
/// for byte. Run the tests with `COORD_RECORD_GOLDEN=1` to rewrite them from
/// the current output, then review the change with `git diff`.
public enum GoldenFile {
    /// `Tests/Fixtures` in the package this file belongs to.
    public static let fixtures: String = {
        var path = #filePath
        for _ in 0 ..< 2 {  // .../Tests/CoordTestSupport/GoldenFile.swift -> .../Tests
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path + "/Fixtures"
    }()

    /// The package root (holds `Package.swift`).
    public static var packageRoot: String {
        let tests = fixtures.dropLast("/Fixtures".count)
        return String(tests.dropLast("/Tests".count))
    }

    public static var isRecording: Bool {
        guard let value = getenv("COORD_RECORD_GOLDEN") else { return false }
        let text = String(cString: value)
        return !text.isEmpty && text != "0"
    }

    /// Nil when `actual` matches `Tests/Fixtures/<name>` (or was just recorded);
    /// otherwise a message naming the first line that differs.
    public static func mismatch(_ actual: String, _ name: String) -> String? {
        let path = fixtures + "/" + name
        if isRecording {
            FileBytes.write(path, Array(actual.utf8))
            return nil
        }
        guard let bytes = FileBytes.read(path) else {
            return "No golden file \(path); run the tests with COORD_RECORD_GOLDEN=1 to record it."
        }
        let expected = String(decoding: bytes, as: UTF8.self)
        if expected == actual { return nil }
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0 ..< max(want.count, got.count) {
            let w = i < want.count ? String(want[i]) : "<end of file>"
            let g = i < got.count ? String(got[i]) : "<end of file>"
            if w != g {
                return "\(name) differs at line \(i + 1):\n  expected: \(w)\n  actual:   \(g)\n"
                    + "(COORD_RECORD_GOLDEN=1 re-records; review with git diff)\n--- actual output ---\n\(actual)"
            }
        }
        return "\(name) differs (line endings)."
    }
}

import FoundationEssentials
import Glibc

/// Golden files for rendered output, in `Tests/Fixtures/`.
///
/// A test renders its output and compares it with the stored file. To accept
/// new output after an intended change, run the tests with
/// `COORD_RECORD_GOLDEN=1`: each golden file is rewritten (and the test passes),
/// then review the diff with `git diff Tests/Fixtures/`.
public enum GoldenFile {
    /// The package's `Tests/Fixtures` folder, found from this source file's path.
    public static var fixtures: String {
        var path = #filePath
        for _ in 0 ..< 2 { path = String(path[..<path.lastIndex(of: "/")!]) }
        return path + "/Fixtures"
    }

    public static var isRecording: Bool { getenv("COORD_RECORD_GOLDEN").map { String(cString: $0) == "1" } ?? false }

    /// Nil when `actual` matches `Fixtures/<name>` (or was just recorded);
    /// otherwise a message naming the first differing line.
    public static func mismatch(_ actual: String, name: String) -> String? {
        let path = fixtures + "/" + name
        if isRecording {
            FileBytes.write(path, Array(actual.utf8))
            return nil
        }
        guard let stored = FileBytes.read(path) else {
            return "No golden file \(path); run the tests with COORD_RECORD_GOLDEN=1 to record it."
        }
        let expected = String(decoding: stored, as: UTF8.self)
        if expected == actual { return nil }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0 ..< min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let want = line < a.count ? String(a[line]) : "(end of file)"
        let got = line < b.count ? String(b[line]) : "(end of output)"
        return """
            Output differs from \(path) at line \(line + 1):
              expected: \(want)
              actual:   \(got)
            If the change is intended, re-record with COORD_RECORD_GOLDEN=1 and review git diff.
            """
    }
}

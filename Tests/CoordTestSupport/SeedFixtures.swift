import CoordStorage
import CoordinationKit

/// The seed's example documents (`Tests/Fixtures/seed/`): a hand-made
/// `.coordination/` folder with BULLETIN.md, LOCKS.json and DECISIONS.json.
public enum SeedFixtures {
    /// The folder, found from this source file's path.
    public static var folder: String {
        var path = String(#filePath)
        for _ in 0 ..< 2 {
            guard let slash = path.lastIndex(of: "/") else { break }
            path = String(path[..<slash])
        }
        return path + "/Fixtures/seed"
    }

    public static func text(_ name: String) -> String {
        FileBytes.read(folder + "/" + name).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// A copy of the seed folder in a fresh temporary folder, for tests that change it.
    public static func copy(into directory: String) throws -> String {
        let target = directory + "/seed"
        _ = try Subprocess.run(["/bin/mkdir", "-p", target])
        for name in ["BULLETIN.md", "LOCKS.json", "DECISIONS.json"] {
            FileBytes.write(target + "/" + name, FileBytes.read(folder + "/" + name) ?? [])
        }
        return target
    }
}

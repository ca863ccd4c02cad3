import CoordStorage
import CoordinationKit
import CoordTestSupport
import Glibc
import Testing

/// One rule for every file coord opens on the board: a symbolic link or a
/// hard link planted in its place is refused, by every command that would
/// open it, and the file it points at is never written.
@Suite struct PlantedLinkTests {
    static let writes: [(agent: String, arguments: [String])] = [
        ("a", ["post", "hello"]),
        ("a", ["lock", "src/a.swift", "--intent", "edit", "--quiet"]),
        ("a", ["decide", "Use Postgres", "--context", "c", "--rationale", "r"]),
        ("worker-1-api", ["worker", "update", "--note", "halfway"]),
    ]

    /// Each board file, and the commands that must refuse a link there.
    static let files: [(name: String, refusedBy: [String])] = [
        (".lock", ["post", "lock", "decide", "worker"]),
        ("BULLETIN.md", ["post"]),
        ("locks.jsonl", ["lock"]),
        ("decisions.jsonl", ["decide"]),
        ("workers/api.jsonl", ["worker"]),
    ]

    enum Plant: CaseIterable { case symbolicLink, hardLink }

    @Test(arguments: Plant.allCases)
    func aLinkAtAnyBoardFileIsRefusedByEveryCommandThatOpensIt(_ plant: Plant) throws {
        for file in Self.files {
            try TemporaryBoard.with { board in
                let launched = try CoordBinary.run(["launch", "--workers", "1", "--domains", "api", "--goal", "Ship"],
                                                   in: board.root, environment: ["COORD_AGENT": "lead"])
                #expect(launched.status == 0, "\(launched.standardError)")
                let target = board.root + "/outside.txt"
                let precious = Array("precious content\n".utf8)
                FileBytes.write(target, precious)
                if let original = FileBytes.read(board.path(file.name)) { FileBytes.write(target, original) }
                let before = FileBytes.read(target)
                unlink(board.path(file.name))
                switch plant {
                case .symbolicLink: #expect(symlink(target, board.path(file.name)) == 0)
                case .hardLink: #expect(link(target, board.path(file.name)) == 0)
                }
                for write in Self.writes where file.refusedBy.contains(write.arguments[0]) {
                    let result = try CoordBinary.run(write.arguments, in: board.root,
                                                     environment: ["COORD_AGENT": write.agent, "COORD_NOW": "2026-11-21T09:30:00Z"])
                    #expect(result.status == 1, "\(plant) \(file.name): \(write.arguments) exited \(result.status)")
                    #expect(result.standardError.contains("Refusing to use '\(board.path(file.name))'"),
                            "\(plant) \(file.name): \(result.standardError)")
                }
                #expect(FileBytes.read(target) == before, "\(plant) \(file.name): the linked file was written")
            }
        }
    }
}

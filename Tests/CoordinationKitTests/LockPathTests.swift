import CoordStorage
import CoordinationKit
import Testing

@Suite struct LockPathTests {
    @Test(arguments: [
        ("src/auth/", "src/auth"),
        ("./src//auth/", "src/auth"),
        ("src/./auth/.", "src/auth"),
        ("src/../lib/x", "lib/x"),
        ("../shared/x", "../shared/x"),
        ("a/../../b", "../b"),
        ("./", "."),
        (".", "."),
        ("/srv//data/", "/srv/data"),
        ("/../etc", "/etc"),
        ("/", "/"),
        ("~/notes/", "~/notes"),
        ("~bob/x/../y", "~bob/y"),
        ("src/~tmp", "src/~tmp"),
        ("caf\u{65}\u{301}/menu", "caf\u{E9}/menu"),
        ("\u{212B}ngstr\u{F6}m", "\u{C5}ngstr\u{F6}m"),
    ])
    func normalises(_ input: String, _ expected: String) throws {
        let path = try LockPath(input)
        #expect(path.description == expected)
        #expect(Array(path.description.utf8) == Array(expected.utf8), "stored bytes are NFC")
        #expect(try LockPath(path.description) == path, "normalising is idempotent")
    }

    @Test(arguments: [
        ("src", "src/a.swift", true),
        ("src/a.swift", "src/", true),
        ("src/a", "src/b", false),
        ("src/a", "src/ab", false),
        ("src", "srcs/x", false),
        (".", "anything/at/all", true),
        (".", "/abs", false),
        (".", "~/home", false),
        ("~/x", "x", false),
        ("/work/x", "work/x", false),
        ("/", "/etc/hosts", true),
        ("~", "~/a", true),
        ("~alice/a", "~bob/a", false),
    ])
    func overlapsByWholeComponents(_ a: String, _ b: String, _ overlapping: Bool) throws {
        let first = try LockPath(a)
        let second = try LockPath(b)
        #expect(first.overlaps(second) == overlapping)
        #expect(second.overlaps(first) == overlapping, "overlap is symmetric")
    }

    @Test(arguments: ["", "a\nb", "tab\there", "nul\u{0}", String(repeating: "x", count: 1025)])
    func refusesNamesThatCannotBeShown(_ input: String) {
        #expect(throws: CoordError.self) { try LockPath(input) }
    }
}

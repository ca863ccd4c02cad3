import CoordStorage
import CoordTestSupport
import CoordinationKit
import Testing

@Suite struct EscapingTests {
    /// Scalars chosen to stress the escaping: every control range, the
    /// characters escapes are made of, separators, and ordinary text.
    static func randomScalar(_ random: inout SeededRandom) -> Unicode.Scalar {
        let pools: [ClosedRange<UInt32>] = [
            0x00 ... 0x1F, 0x7F ... 0x9F, 0x20 ... 0x7E, 0x2028 ... 0x2029, 0x202A ... 0x202E, 0x2066 ... 0x2069,
            0xFEFF ... 0xFEFF, 0xA0 ... 0x2FF, 0x3040 ... 0x30FF, 0x1F300 ... 0x1F6FF, 0x10000 ... 0x10FFFF,
        ]
        // Escape syntax itself, often: a backslash followed by n, u, {, hex digits, }.
        let syntax: [Unicode.Scalar] = ["\\", "\\", "n", "r", "t", "u", "{", "}", "0", "1", "A", "f", "#", "-", "[", "]", ":"]
        if Int.random(in: 0 ..< 3, using: &random) == 0 { return syntax.randomElement(using: &random)! }
        while true {
            let pool = pools.randomElement(using: &random)!
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &random)) { return scalar }
        }
    }

    @Test func escapingRoundTripsRandomTextAndNeverBreaksTheLine() throws {
        var random = SeededRandom(seed: 0xC00D)
        let agent = try AgentName("prop")
        for _ in 0 ..< 3000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0 ..< Int.random(in: 0 ... 40, using: &random) { scalars.append(Self.randomScalar(&random)) }
            let text = String(scalars)
            let escaped = Escaping.escape(text)
            // Compare scalars, not Strings: String equality is canonical equivalence.
            #expect(Array(Escaping.unescape(escaped).unicodeScalars) == Array(text.unicodeScalars), "\(escaped)")
            #expect(!escaped.unicodeScalars.contains(where: Escaping.needsEscape), "\(escaped)")
            // And as a whole bulletin line, it parses back to the same agent and message.
            let line = BulletinLine.format(time: ClockTime(hour: 9, minute: 5), agent: agent, escapedMessage: escaped)
            let parsed = BulletinLine.parse(Array(line.utf8)[...])
            guard case .entry(let time, let who, let message, _) = parsed else {
                Issue.record("'\(line)' parsed as \(parsed)")
                continue
            }
            #expect(time == ClockTime(hour: 9, minute: 5))
            #expect(who == "prop")
            #expect(Array(message.unicodeScalars) == Array(text.unicodeScalars), "\(escaped)")
        }
    }

    @Test(arguments: [
        ("plain text", "plain text"),
        ("a\\b", "a\\\\b"),
        ("two\nlines", "two\\nlines"),
        ("cr\r", "cr\\r"),
        ("tab\t", "tab\\t"),
        ("nul\u{0}", "nul\\u{0000}"),
        ("esc\u{1B}[0m", "esc\\u{001B}[0m"),
        ("del\u{7F}", "del\\u{007F}"),
        ("nel\u{85}", "nel\\u{0085}"),
        ("\u{2028}\u{2029}", "\\u{2028}\\u{2029}"),
        ("bidi\u{202E}", "bidi\\u{202E}"),
        ("bom\u{FEFF}", "bom\\u{FEFF}"),
        ("café 🚀", "café 🚀"),
        ("literal \\n", "literal \\\\n"),
    ])
    func escapingTable(_ text: String, _ escaped: String) {
        #expect(Escaping.escape(text) == escaped)
        #expect(Array(Escaping.unescape(escaped).unicodeScalars) == Array(text.unicodeScalars))
    }

    /// Hand-written lines may hold stray backslashes: they read as written.
    @Test(arguments: ["C:\\path\\dir", "\\u{", "\\u{}", "\\u{ZZ}", "\\u{1234567}", "\\u{D800}", "end\\", "\\x41"])
    func strayBackslashesAreKept(_ text: String) {
        #expect(Escaping.unescape(text) == text)
    }
}

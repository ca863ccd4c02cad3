/// Turns any text into one line that reads back exactly.
///
/// Escapes, in order of need:
/// - `\` becomes `\\` (so every other escape is unambiguous);
/// - line feed `\n`, carriage return `\r`, tab `\t`;
/// - every other C0 control, DEL, C1 control (including NEL U+0085), the line
///   and paragraph separators U+2028/U+2029, bidirectional overrides and
///   isolates (U+202A–U+202E, U+2066–U+2069) and the BOM U+FEFF become `\u{XXXX}`.
///
/// No escaped text contains a line break, so no message can forge a second
/// line attributed to another agent.
public enum Escaping {
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00 ... 0x1F, 0x7F ... 0x9F: return true
        case 0x2028, 0x2029, 0x202A ... 0x202E, 0x2066 ... 0x2069, 0xFEFF: return true
        default: return false
        }
    }

    public static func escape(_ text: String) -> String {
        // Fast path: most messages need nothing.
        if !text.unicodeScalars.contains(where: { $0 == "\\" || needsEscape($0) }) { return text }
        var output = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": output.append(contentsOf: "\\n".unicodeScalars)
            case "\r": output.append(contentsOf: "\\r".unicodeScalars)
            case "\t": output.append(contentsOf: "\\t".unicodeScalars)
            default:
                if needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                    output.append(contentsOf: "\\u{\(padded)}".unicodeScalars)
                } else {
                    output.append(scalar)
                }
            }
        }
        return String(output)
    }

    /// Reverses `escape`. A backslash that starts no known escape is kept as written,
    /// so hand-written lines with stray backslashes read as they look.
    public static func unescape(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return String(text) }
        return unescaping(text)
    }

    /// `unescape` for a `String`, the common case: the generic one, called from
    /// another module, reads each byte through the protocol (thousands of
    /// instructions a bulletin line, a quarter of a synthesis).
    public static func unescape(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        return unescaping(text)
    }

    private static func unescaping(_ text: some StringProtocol) -> String {
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "\\", index + 1 < scalars.count else {
                output.append(scalar)
                index += 1
                continue
            }
            switch scalars[index + 1] {
            case "\\": output.append("\\"); index += 2
            case "n": output.append("\n"); index += 2
            case "r": output.append("\r"); index += 2
            case "t": output.append("\t"); index += 2
            case "u":
                if let (value, length) = hexEscape(scalars, at: index) {
                    output.append(value)
                    index += length
                } else {
                    output.append(scalar)
                    index += 1
                }
            default:
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// Parses `\u{XXXX}` at `start`; returns the scalar and the escape's length.
    private static func hexEscape(_ scalars: [Unicode.Scalar], at start: Int) -> (Unicode.Scalar, Int)? {
        guard start + 3 < scalars.count, scalars[start + 2] == "{" else { return nil }
        var value: UInt32 = 0
        var index = start + 3
        while index < scalars.count, scalars[index] != "}" {
            guard let digit = hexDigit(scalars[index]), index - start - 3 < 6
            else { return nil }
            value = value * 16 + digit
            index += 1
        }
        guard index < scalars.count, index > start + 3, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, index - start + 1)
    }

    private static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0" ... "9": return scalar.value - 48
        case "A" ... "F": return scalar.value - 55
        case "a" ... "f": return scalar.value - 87
        default: return nil
        }
    }
}

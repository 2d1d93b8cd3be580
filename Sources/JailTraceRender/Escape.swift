/// Escaping for every output context. Log text is hostile: it never reaches a terminal, a page or
/// a spreadsheet as anything but inert text.
public enum Escape {
    /// A JSON string literal (with quotes). Escapes control characters, DEL, C1 controls, and
    /// U+2028/U+2029 (so the JSON can sit inside a `<script>` too, with `<`, `>`, `&` escaped).
    public static func json(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x3C: out += "\\u003c"
            case 0x3E: out += "\\u003e"
            case 0x26: out += "\\u0026"
            case 0x00..<0x20, 0x7F...0x9F, 0x2028, 0x2029:
                out += "\\u" + String(u.value, radix: 16).leftPad(4)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// Text for a terminal: every control character (C0, DEL, C1), every format character
    /// (bidi overrides and isolates, zero-width and invisible characters, the soft hyphen, tag
    /// characters: Unicode's `Cf`) and the line/paragraph separators are shown visibly (`\x1B`,
    /// `\u202E`), never emitted.
    public static func terminal(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }   // printable ASCII: as is
        var out = ""
        for u in s.unicodeScalars { appendTerminal(u, to: &out) }
        return out
    }

    /// `terminal(s)` cut to at most `columns` Unicode scalars (the last one `…`), never inside
    /// an escape (a cut `\x1` reads as something else). Counted as it goes: a line of combining
    /// marks costs no more than its length.
    public static func terminalCut(_ s: String, columns: Int) -> String {
        var pieces: [String] = []   // each one scalar shown, or one whole escape
        var used = 0
        for u in s.unicodeScalars {
            var piece = ""
            appendTerminal(u, to: &piece)
            let width = piece.unicodeScalars.count
            if used + width > columns {
                // Too long: whole pieces dropped until the mark fits.
                while used > columns - 1, let last = pieces.popLast() { used -= last.unicodeScalars.count }
                return pieces.joined() + "…"
            }
            pieces.append(piece)
            used += width
        }
        return pieces.joined()
    }

    private static func appendTerminal(_ u: Unicode.Scalar, to out: inout String) {
        let v = u.value
        if v < 0x20 || v == 0x7F {
            out += "\\x" + String(v, radix: 16, uppercase: true).leftPad(2)
        } else if v >= 0x80 && ((0x80...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || u.properties.generalCategory == .format) {
            out += (v > 0xFFFF ? "\\U" : "\\u") + String(v, radix: 16, uppercase: true).leftPad(v > 0xFFFF ? 8 : 4)
        } else {
            out.unicodeScalars.append(u)
        }
    }

    /// HTML text or attribute content.
    public static func html(_ s: String) -> String {
        var out = ""
        for u in terminal(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A CSV cell: quoted when needed; a cell a spreadsheet would read as a formula (`=`, `+`,
    /// `-`, `@`, tab, CR at the start) is prefixed with `'`.
    public static func csv(_ s: String) -> String {
        var v = terminal(s)
        if let f = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) { v = "'" + v }
        if v.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A }) || v.utf8.first == 0x20 || v.utf8.last == 0x20 {
            return "\"" + v.replacingAll("\"", with: "\"\"") + "\""
        }
        return v
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }

    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

/// A plain-text table that fits a terminal width: columns shrink (cells cut with `…`) down to a
/// minimum, then the least important columns are left out. Cells must already be inert
/// (`Escape.terminal`); colour is applied after padding so escape codes never count as width.
struct TextTable {
    /// One column: its header, alignment and how it gives way when the table is too wide.
    struct Column {
        var header: String
        var right = false
        /// Narrowest width when shrinking; `nil`: never shrinks.
        var minWidth: Int? = nil
        /// Left out first when the table does not fit (higher goes first); 0: always kept.
        var dropOrder = 0
        /// Cut long cells in the middle (paths) rather than at the end.
        var cutMiddle = false
    }

    /// One cell: its text and an optional SGR colour code.
    struct Cell: ExpressibleByStringLiteral {
        var text: String
        var color: String?
        init(_ text: String, color: String? = nil) { self.text = text; self.color = color }
        init(stringLiteral value: String) { self.init(value) }
    }

    var columns: [Column]
    var rows: [[Cell]] = []
    let gap = 2

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ row: [Cell]) { rows.append(row) }

    /// The lines of the table (header first), each indented by `indent`, at most `width` wide.
    func lines(width: Int, indent: String = "  ", paint: (String, String) -> String) -> [String] {
        let natural = columns.indices.map { i in
            rows.reduce(Self.width(columns[i].header)) { max($0, $1.indices.contains(i) ? Self.width($1[i].text) : 0) }
        }
        var keep = Array(columns.indices)
        var widths = natural
        func total() -> Int { keep.reduce(indent.count) { $0 + widths[$1] } + gap * max(0, keep.count - 1) }
        while true {
            // Shrink the widest shrinkable columns, a character at a time, down to their minimum.
            widths = natural
            while total() > width {
                let shrinkable = keep.filter { i in columns[i].minWidth.map { widths[i] > $0 } ?? false }
                guard let i = shrinkable.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[i] -= 1
            }
            if total() <= width { break }
            // Still too wide: leave out the least important column and try again.
            guard let drop = keep.filter({ columns[$0].dropOrder > 0 }).max(by: { columns[$0].dropOrder < columns[$1].dropOrder }) else { break }
            keep.removeAll { $0 == drop }
        }
        func cell(_ text: String, _ i: Int, _ color: String?) -> String {
            let w = widths[i]
            var t = text
            if Self.width(t) > w { t = columns[i].cutMiddle ? Self.cutMiddle(t, w) : Self.prefix(t, width: max(0, w - 1)) + "…" }
            let pad = String(repeating: " ", count: max(0, w - Self.width(t)))
            let painted = color.map { paint(t, $0) } ?? t
            return columns[i].right ? pad + painted : painted + pad
        }
        var out: [String] = []
        let header = keep.map { cell(columns[$0].header, $0, "1") }.joined(separator: String(repeating: " ", count: gap))
        out.append(Self.trimRight(indent + header))
        for row in rows {
            let line = keep.map { i in
                let c = row.indices.contains(i) ? row[i] : Cell("")
                return cell(c.text, i, c.color)
            }.joined(separator: String(repeating: " ", count: gap))
            out.append(Self.trimRight(indent + line))
        }
        return out
    }

    /// `Fixtures/sc…/maillog`: keeps both ends of a path.
    static func cutMiddle(_ s: String, _ width: Int) -> String {
        guard Self.width(s) > width else { return s }
        guard width > 3 else { return prefix(s, width: width) }
        let tail = (width - 1) / 2 + (width - 1) % 2
        let head = width - 1 - tail
        return prefix(s, width: head) + "…" + suffix(s, width: tail)
    }

    /// Terminal columns a character takes: 2 for East Asian wide and fullwidth characters and
    /// emoji shown as emoji, else 1 (a `Character` already holds its combining marks).
    static func columns(_ c: Character) -> Int {
        guard let first = c.unicodeScalars.first else { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        switch first.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Terminal columns of a string.
    static func width(_ s: String) -> Int { s.reduce(0) { $0 + columns($1) } }

    /// The longest start of `s` at most `width` columns wide.
    static func prefix(_ s: String, width: Int) -> String {
        var used = 0
        return String(s.prefix { c in
            used += columns(c)
            return used <= width
        })
    }

    /// The longest end of `s` at most `width` columns wide.
    static func suffix(_ s: String, width: Int) -> String {
        var used = 0
        return String(String(s.reversed().prefix { c in
            used += columns(c)
            return used <= width
        }).reversed())
    }

    static func trimRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

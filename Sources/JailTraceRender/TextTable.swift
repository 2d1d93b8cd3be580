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
            rows.reduce(columns[i].header.count) { max($0, $1.indices.contains(i) ? $1[i].text.count : 0) }
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
            if t.count > w { t = columns[i].cutMiddle ? Self.cutMiddle(t, w) : String(t.prefix(max(0, w - 1))) + "…" }
            let pad = String(repeating: " ", count: max(0, w - t.count))
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
        guard s.count > width else { return s }
        guard width > 3 else { return String(s.prefix(width)) }
        let tail = (width - 1) / 2 + (width - 1) % 2
        let head = width - 1 - tail
        return String(s.prefix(head)) + "…" + String(s.suffix(tail))
    }

    static func trimRight(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}

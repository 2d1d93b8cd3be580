import JailTrace

/// Small HTML builders for the report page. Every string that may come from a log goes through
/// `Escape.html` here (text and quoted attribute values alike); callers pass raw model values.
enum HTML {
    /// Escaped text.
    static func text(_ s: String) -> String { Escape.html(s) }

    /// ` name="value"` with the value escaped.
    static func attr(_ name: String, _ value: String) -> String { " \(name)=\"\(Escape.html(value))\"" }

    /// The CSS class of a verdict (a fixed set, so a strange verdict can never inject a class).
    static func verdictClass(_ v: String) -> String {
        switch v {
        case "active", "banned", "auth-failing", "server-fault", "moved", "no-contact": return "v-" + v
        default: return "v-other"
        }
    }

    /// The verdict as a coloured badge.
    static func badge(_ verdict: String) -> String {
        "<span class=\"badge \(verdictClass(verdict))\">\(text(verdict))</span>"
    }

    /// A `<time>` element showing `2026-06-05 14:04:22` for an RFC 3339 UTC time.
    static func time(_ t: String?) -> String {
        guard let t else { return "<span class=\"muted\">never</span>" }
        return "<time\(attr("datetime", t))>\(text(ReportFormat.short(t)))</time>"
    }

    /// Evidence `file:line` in monospace, the path shown relative to `base` (the inputs' common
    /// directory, named once on the page) with the full path as its tooltip.
    static func evidence(_ file: String, _ line: Int, base: String = "") -> String {
        let shown = !base.isEmpty && file.hasPrefix(base) ? String(file.dropFirst(base.count)) : file
        return "<code class=\"ev\"\(attr("title", "\(file):\(line)"))>\(path(shown)):\(line)</code>"
    }

    /// A path, escaped, that may wrap after each `/`.
    static func path(_ p: String) -> String {
        text(p).split(separator: "/", omittingEmptySubsequences: false).joined(separator: "/<wbr>")
    }

    /// A summary sentence, with its `backtick` spans (commands to run) shown as code. The text is
    /// escaped first; backticks survive escaping, so the split cannot reach markup.
    static func prose(_ s: String) -> String {
        let parts = text(s).split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count > 1, parts.count % 2 == 1 else { return text(s) }
        return parts.enumerated().map { $0.offset % 2 == 1 ? "<code>\($0.element)</code>" : String($0.element) }.joined()
    }

    /// A table column header.
    struct Column {
        var title: String
        var numeric = false
        /// Cells that may hold long unbroken text a client chose (user names, paths): wrapped
        /// anywhere rather than widening the table.
        let wrap: Bool
        init(_ title: String, numeric: Bool = false, wrap: Bool = false) { self.title = title; self.numeric = numeric; self.wrap = wrap }
    }

    /// A table whose cells are already HTML (built with the helpers above).
    static func table(_ columns: [Column], _ rows: [[String]], cls: String = "") -> String {
        var out = "<div class=\"scroll\"><table\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\n<thead><tr>"
        for c in columns { out += c.numeric ? "<th class=\"num\">\(text(c.title))</th>" : "<th>\(text(c.title))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                let c = columns.indices.contains(i) ? columns[i] : nil
                out += c?.numeric == true ? "<td class=\"num\">\(cell)</td>" : c?.wrap == true ? "<td class=\"wrap\">\(cell)</td>" : "<td>\(cell)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody></table></div>\n"
    }
}

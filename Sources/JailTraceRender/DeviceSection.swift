import JailTrace

/// One device on the HTML page: heading with the verdict badge, summary, key numbers, the SVG
/// timeline with its legend, the bans with their failures, and the timeline table.
struct DeviceSection {
    let device: DeviceReport
    let index: Int
    let start: Int64
    let end: Int64
    /// The inputs' common folder, left out of evidence paths.
    let base: String

    func render(to sink: OutputSink) {
        let d = device
        let cls = HTML.verdictClass(d.verdict)
        sink.write("<article class=\"device \(cls)\" id=\"device-\(index)\">\n<div class=\"device-head\">")
        sink.write("<h3><span class=\"ip\">\(HTML.text(d.ip))</span></h3>")
        if !d.users.isEmpty { sink.write("<span class=\"users\">\(HTML.text(d.users.joined(separator: ", ")))</span>") }
        sink.write(HTML.badge(d.verdict) + "</div>\n")
        sink.write("<p class=\"summary\">\(HTML.prose(d.summary))</p>\n")

        sink.write("<dl class=\"facts\">")
        fact("Last seen (UTC)", HTML.time(d.lastSeen))
        fact("Delivered while silent", "\(d.deliveredWhileSilent)", big: true)
        fact("Auth failures since", "\(d.authFailuresSinceLastSeen)", big: true)
        fact("Failed sessions", "\(d.failedSessions)", big: true)
        fact("Bans in force", "\(ReportFormat.bansInForce(d))", big: true)
        if let m = d.movedTo { fact("Moved to", "<code>\(HTML.text(m))</code>") }
        sink.write("</dl>\n")

        sink.write("<figure class=\"timeline\">\n")
        sink.write(TimelineSVG(device: d, start: start, end: end).render())
        sink.write("\n<figcaption class=\"legend\"><span><i class=\"sw login\"></i>login / session end</span>"
                   + "<span><i class=\"sw submission\"></i>submission</span><span><i class=\"sw failure\"></i>auth failure</span>"
                   + "<span><i class=\"sw fault\"></i>server fault</span><span><i class=\"sw ban\"></i>ban</span>"
                   + "<span><i class=\"sw silent\"></i>silent</span><span><i class=\"sw last-seen\"></i>last seen</span></figcaption>\n")
        sink.write("</figure>\n")

        if !d.bans.isEmpty {
            sink.write("<h4>Bans</h4>\n")
            let rows = d.bans.map { b in
                [HTML.text(b.jail), HTML.time(b.start),
                 b.end == nil ? "<span class=\"warn\">in force</span>" : HTML.time(b.end),
                 HTML.text(b.endReason ?? (b.end == nil ? "" : "ended")) + (b.restored ? " <span class=\"muted\">(restored after restart)</span>" : ""),
                 HTML.evidence(b.file, b.line, base: base), failures(b.failures)]
            }
            sink.write(HTML.table([.init("Jail"), .init("Start (UTC)"), .init("End"), .init("How it ended"), .init("Evidence"),
                                   .init("Failures behind it")], rows, cls: "bans"))
        }

        if !d.deliveries.isEmpty {
            let more = d.deliveriesOmitted > 0 ? "; the first \(d.deliveries.count) listed" : ""
            sink.write("<details>\n<summary>Deliveries while silent (\(d.deliveredWhileSilent)\(more))</summary>\n<ol class=\"failures\">")
            for r in d.deliveries {
                sink.write("<li>\(HTML.time(r.time)) \(HTML.text(r.recipient ?? "")) \(HTML.evidence(r.file, r.line, base: base))</li>")
            }
            sink.write("</ol>\n</details>\n")
        }

        if !d.timeline.isEmpty {
            let omitted = d.timelineOmitted > 0 ? "; \(d.timelineOmitted) routine left out" : ""
            sink.write("<details open>\n<summary>Timeline (\(ReportFormat.count(d.timeline.count, "entry", plural: "entries"))\(omitted))</summary>\n")
            var out = "<div class=\"scroll\"><table class=\"timeline\">\n<thead><tr><th>Time (UTC)</th><th>Event</th><th>Detail</th><th>Evidence</th></tr></thead>\n<tbody>\n"
            for t in d.timeline {
                out += "<tr\(HTML.attr("class", "ev-" + Self.token(t.event)))><td>\(HTML.time(t.time))</td><td class=\"event\">\(HTML.text(t.event))</td>"
                    + "<td class=\"detail\">\(HTML.text(t.detail ?? ""))</td><td>\(HTML.evidence(t.file, t.line, base: base))</td></tr>\n"
            }
            sink.write(out + "</tbody></table></div>\n</details>\n")
        }
        sink.write("</article>\n")

        func fact(_ name: String, _ value: String, big: Bool = false) {
            sink.write("<div><dt>\(HTML.text(name))</dt><dd\(big ? " class=\"big\"" : "")>\(value)</dd></div>")
        }
    }

    func failures(_ list: [FailureRef]) -> String {
        guard !list.isEmpty else { return "<span class=\"muted\">none recorded</span>" }
        return "<ol class=\"failures\">" + list.map { f in
            "<li>\(HTML.time(f.time)) \(HTML.text(f.service ?? "")) \(HTML.evidence(f.file, f.line, base: base))</li>"
        }.joined() + "</ol>"
    }

    /// An event name as a class token: letters, digits and `-` only.
    static func token(_ s: String) -> String {
        String(s.unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }.map(Character.init))
    }
}

public import JailTrace

/// `--format html`: one self-contained page (inline CSS, no scripts, no external assets) with,
/// per device, the verdict as a badge, the summary, an SVG timeline, the bans with the failures
/// behind them and the timeline with evidence `file:line`. The batch report adds the inputs, the
/// device table, self-bans, per-jail statistics and top offenders. Log-derived text is escaped
/// with `Escape.html`; the output depends only on the report (no clock), so it can be a golden file.
public struct HTMLRenderer {
    public init() {}

    /// The page of `explain`.
    public func render(_ r: ExplainReport, to sink: OutputSink) {
        let title = "jailtrace explain — " + ReportFormat.holding(r)
        head(title: title, to: sink)
        sink.write("<header class=\"top\">\n<h1>jailtrace <span class=\"kind\">explain</span></h1>\n")
        meta(timezone: r.timezone, window: r.window, inputs: r.inputs, warnings: r.inputs.flatMap(\.warnings).count, to: sink)
        chips(r.devices, to: sink)
        sink.write("</header>\n")
        if r.devices.isEmpty {
            sink.write("<p class=\"card\">" + HTML.text(ReportFormat.nothing(r)) + "</p>\n")
        }
        devices(r.devices, window: r.window, base: ReportFormat.commonDirectory(r.inputs.map(\.path)), to: sink)
        sink.write("<h2 id=\"inputs\">Inputs</h2>\n")
        inputs(r.inputs, to: sink)
        warnings(r.inputs.flatMap(\.warnings), to: sink)
        foot(to: sink)
    }

    /// The page of `report`.
    public func render(_ r: BatchReport, to sink: OutputSink) {
        let title = "jailtrace report — " + ReportFormat.count(r.devices.count, "device") + ", " + ReportFormat.count(r.selfBans.count, "self-ban")
        let allWarnings = r.warnings.isEmpty ? r.inputs.flatMap(\.warnings) : r.warnings
        head(title: title, to: sink)
        sink.write("<header class=\"top\">\n<h1>jailtrace <span class=\"kind\">report</span></h1>\n")
        meta(timezone: r.timezone, window: r.window, inputs: r.inputs, warnings: allWarnings.count, to: sink)
        chips(r.devices, to: sink)
        sink.write("</header>\n")

        sink.write("<h2 id=\"devices\">Devices</h2>\n<div class=\"card\">\n")
        if r.devices.isEmpty {
            sink.write("<p>No device (no address with a successful login or authenticated submission) in the window.</p>\n")
        } else {
            let rows = r.devices.enumerated().map { n, d in
                ["<a href=\"#device-\(n + 1)\"><code>\(HTML.text(d.ip))</code></a>", HTML.text(d.users.joined(separator: ", ")),
                 HTML.badge(d.verdict), HTML.time(d.lastSeen), "\(d.deliveredWhileSilent)", "\(ReportFormat.bansInForce(d))"]
            }
            sink.write(HTML.table([.init("Address"), .init("Users", wrap: true), .init("Verdict"), .init("Last seen (UTC)"),
                                   .init("Delivered while silent", numeric: true), .init("Bans in force", numeric: true)], rows))
        }
        sink.write("</div>\n")

        sink.write("<h2 id=\"self-bans\">Self-bans <span class=\"muted\">— real users locked out, longest first</span></h2>\n<div class=\"card\">\n")
        if r.selfBans.isEmpty {
            sink.write("<p>None: no ban hit an address that had logged in before it within the window.</p>\n")
        } else {
            let rows = r.selfBans.enumerated().map { n, b in
                ["\(n + 1)", "<code>\(HTML.text(b.ip))</code>", HTML.text(b.users.joined(separator: ", ")), HTML.text(b.jail),
                 HTML.time(b.start), b.end == nil ? "<span class=\"warn\">in force</span>" : HTML.time(b.end),
                 HTML.text(b.endReason ?? ""), ReportFormat.duration(b.lockedOutSeconds), HTML.badge(b.verdict)]
            }
            sink.write(HTML.table([.init("#", numeric: true), .init("Address"), .init("Users", wrap: true), .init("Jail"), .init("Banned (UTC)"),
                                   .init("Until"), .init("Ended"), .init("Locked out", numeric: true), .init("Verdict")], rows))
        }
        sink.write("</div>\n")

        sink.write("<h2 id=\"jails\">Jails</h2>\n<div class=\"card\">\n")
        if r.jails.isEmpty {
            sink.write("<p>No ban in the window.</p>\n")
        } else {
            let rows = r.jails.map { j -> [String] in
                let median: String = j.medianBanSeconds.map(ReportFormat.duration) ?? "–"
                let retry: String = j.maxRetry.map(String.init) ?? "?"
                let find: String = j.findTimeSeconds.map(ReportFormat.duration) ?? "?"
                let ban: String = j.banTimeSeconds.map { $0 < 0 ? "forever" : ReportFormat.duration($0) } ?? "?"
                let top: String = j.topOffenders.prefix(5).map { "<code>\(HTML.text($0.ip))</code>&nbsp;×\($0.bans)" }.joined(separator: ", ")
                return [HTML.text(j.jail), "\(j.bans)", "\(j.uniqueAddresses)", "\(j.currentlyBanned)", median, retry, find, ban, top]
            }
            sink.write(HTML.table([.init("Jail"), .init("Bans", numeric: true), .init("Addresses", numeric: true),
                                   .init("In force", numeric: true), .init("Median ban", numeric: true), .init("maxretry", numeric: true),
                                   .init("findtime", numeric: true), .init("bantime", numeric: true), .init("Most banned")], rows))
        }
        sink.write("</div>\n")

        sink.write("<h2 id=\"offenders\">Top offenders</h2>\n<div class=\"card\">\n")
        if r.topOffenders.isEmpty {
            sink.write("<p>None.</p>\n")
        } else {
            let index = Dictionary(r.devices.enumerated().map { ($0.element.ip, $0.offset + 1) }, uniquingKeysWith: { a, _ in a })
            let rows = r.topOffenders.map { o in
                ["<code>\(HTML.text(o.ip))</code>", "\(o.bans)", "\(o.authFailures)",
                 index[o.ip].map { "<a href=\"#device-\($0)\">yes</a>" } ?? "<span class=\"muted\">no</span>"]
            }
            sink.write(HTML.table([.init("Address"), .init("Bans", numeric: true), .init("Auth failures", numeric: true), .init("A device?")], rows))
        }
        sink.write("</div>\n")

        sink.write("<h2 id=\"inputs\">Inputs</h2>\n")
        inputs(r.inputs, to: sink)
        warnings(allWarnings, to: sink)

        if !r.devices.isEmpty { sink.write("<h2 id=\"details\">Device details</h2>\n") }
        devices(r.devices, window: r.window, base: ReportFormat.commonDirectory(r.inputs.map(\.path)), to: sink)
        foot(to: sink)
    }

    // MARK: Parts

    func head(title: String, to sink: OutputSink) {
        sink.write("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="jailtrace">
        <title>\(HTML.text(title))</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body>
        <div class="page">

        """)
    }

    func meta(timezone: String, window: Window, inputs: [InputSummary], warnings: Int, to sink: OutputSink) {
        let base = ReportFormat.commonDirectory(inputs.map(\.path))
        sink.write("<p class=\"meta\">Window \(HTML.time(window.start)) → \(HTML.time(window.end)) UTC"
                   + " · log times without an offset read in <b>\(HTML.text(timezone))</b>"
                   + " · <a href=\"#inputs\">\(ReportFormat.count(inputs.count, "input"))</a>"
                   + (base.isEmpty ? "" : " under <code>\(HTML.path(base))</code>") + " · "
                   + (warnings > 0 ? "<a class=\"warn\" href=\"#warnings\">\(ReportFormat.count(warnings, "warning"))</a>" : "no warnings")
                   + "</p>\n")
    }

    func chips(_ devices: [DeviceReport], to sink: OutputSink) {
        let counts = ReportFormat.verdictCounts(devices)
        guard !counts.isEmpty else { return }
        sink.write("<ul class=\"chips\">")
        for c in counts { sink.write("<li>\(HTML.badge(c.verdict)) <span>\(c.count)</span></li>") }
        sink.write("</ul>\n")
    }

    func inputs(_ inputs: [InputSummary], to sink: OutputSink) {
        let base = ReportFormat.commonDirectory(inputs.map(\.path))
        let rows = inputs.map { i -> [String] in
            let shown = base.isEmpty ? i.path : String(i.path.dropFirst(base.count))
            return ["<code class=\"ev\"\(HTML.attr("title", i.path))>\(HTML.path(shown))</code>", HTML.text(i.kind), HTML.text(i.compression), "\(i.lines)", "\(i.events)",
             "\(i.ignored)", i.unrecognized > 0 ? "<span class=\"warn\">\(i.unrecognized)</span>" : "0",
             HTML.time(i.first), HTML.time(i.last),
             i.warnings.isEmpty ? "<span class=\"muted\">–</span>" : i.warnings.map { "<span class=\"warn\">\(HTML.text($0))</span>" }.joined(separator: "<br>")]
        }
        sink.write("<div class=\"card\">\n" + HTML.table([
            .init("Path", wrap: true), .init("Kind"), .init("Compression"), .init("Lines", numeric: true), .init("Events", numeric: true),
            .init("Ignored", numeric: true), .init("Unrecognized", numeric: true), .init("First (UTC)"), .init("Last (UTC)"), .init("Warnings"),
        ], rows, cls: "inputs") + "</div>\n")
        // What was read once though given twice, files written with CR alone: explains the counts.
        let notes = inputs.flatMap(\.notes)
        if !notes.isEmpty {
            sink.write("<div class=\"card\"><ul class=\"notes\">\n")
            for n in notes { sink.write("<li>\(HTML.text(n))</li>\n") }
            sink.write("</ul></div>\n")
        }
    }

    func warnings(_ warnings: [String], to sink: OutputSink) {
        guard !warnings.isEmpty else { return }
        sink.write("<h2 id=\"warnings\">Warnings</h2>\n<div class=\"card\"><ul class=\"warnings\">\n")
        for w in warnings { sink.write("<li>\(HTML.text(w))</li>\n") }
        sink.write("</ul></div>\n")
    }

    func devices(_ devices: [DeviceReport], window: Window, base: String, to sink: OutputSink) {
        let (start, end) = Self.bounds(devices, window: window)
        for (n, d) in devices.enumerated() {
            DeviceSection(device: d, index: n + 1, start: start, end: end, base: base).render(to: sink)
        }
    }

    func foot(to sink: OutputSink) {
        sink.write("<footer>Made by jailtrace from copies of the logs listed under Inputs. All times are UTC; evidence names the file (relative to the inputs' common folder) and line behind each claim.</footer>\n</div>\n</body>\n</html>\n")
    }

    /// The window in µs; from the devices' own times when the report has no window.
    static func bounds(_ devices: [DeviceReport], window: Window) -> (Int64, Int64) {
        var times: [Int64] = []
        for d in devices {
            times += d.timeline.compactMap { ReportFormat.micros($0.time) }
            times += d.bans.compactMap { ReportFormat.micros($0.start) }
            if let t = ReportFormat.micros(d.lastSeen) { times.append(t) }
        }
        let start = ReportFormat.micros(window.start) ?? times.min() ?? 0
        let end = ReportFormat.micros(window.end) ?? times.max() ?? start
        return (start, max(start, end))
    }
}

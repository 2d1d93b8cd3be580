import JailTrace

/// The inline SVG timeline of one device: x is time across the report window (UTC). Healthy
/// activity (logins, session ends, submissions) are marks on the top lane, auth failures red
/// ticks on the second, server faults purple ticks; bans are shaded spans (open-ended to the
/// window end while in force); the silent stretch after lastSeen is greyed with the number of
/// messages delivered meanwhile. Every log-derived text (tooltips, jail names) is escaped.
struct TimelineSVG {
    let device: DeviceReport
    /// Window bounds in µs since the epoch.
    let start: Int64
    let end: Int64

    static let width = 1000.0
    static let left = 84.0
    static let right = 16.0
    static let height = 112.0
    static let activityY = 24.0
    static let failureY = 54.0
    static let axisY = 80.0

    init(device: DeviceReport, start: Int64, end: Int64) {
        self.device = device
        self.start = start
        self.end = max(end, start + 60_000_000)
    }

    /// x of a time, clamped to the window.
    func x(_ micros: Int64) -> Double {
        let span = Double(end - start)
        let f = Double(min(max(micros, start), end) - start) / span
        return Self.left + f * (Self.width - Self.left - Self.right)
    }

    func x(_ t: String?) -> Double? { ReportFormat.micros(t).map { x($0) } }

    /// The `<svg>` element.
    func render() -> String {
        let users = device.users.joined(separator: ", ")
        let label = "Timeline of \(device.ip)\(users.isEmpty ? "" : " (\(users))"): \(device.verdict)"
        var s = "<svg class=\"tl\" viewBox=\"0 0 \(Self.fmt(Self.width)) \(Self.fmt(Self.height))\" role=\"img\""
            + HTML.attr("aria-label", label) + " xmlns=\"http://www.w3.org/2000/svg\">\n"
        s += "<title>\(HTML.text(label))</title>\n"
        let x0 = Self.left, x1 = Self.width - Self.right
        // Lanes.
        s += "<text class=\"lane\" x=\"\(Self.fmt(x0 - 8))\" y=\"\(Self.fmt(Self.activityY + 4))\" text-anchor=\"end\">activity</text>\n"
        s += "<text class=\"lane\" x=\"\(Self.fmt(x0 - 8))\" y=\"\(Self.fmt(Self.failureY + 4))\" text-anchor=\"end\">failures</text>\n"
        for y in [Self.activityY, Self.failureY] {
            s += "<line class=\"lane-line\" x1=\"\(Self.fmt(x0))\" y1=\"\(Self.fmt(y))\" x2=\"\(Self.fmt(x1))\" y2=\"\(Self.fmt(y))\"/>\n"
        }
        s += silentStretch()
        s += banSpans()
        s += axis()
        s += marks()
        s += lastSeenLine()
        return s + "</svg>"
    }

    /// Grey band after lastSeen while the device is silent, with the deliveries it missed.
    func silentStretch() -> String {
        guard device.verdict != "active", let ls = x(device.lastSeen) else { return "" }
        let x1 = Self.width - Self.right
        guard x1 - ls > 1 else { return "" }
        var s = "<rect class=\"silent\" x=\"\(Self.fmt(ls))\" y=\"\(Self.fmt(Self.activityY - 9))\" width=\"\(Self.fmt(x1 - ls))\" height=\"18\"><title>silent since \(HTML.text(ReportFormat.short(device.lastSeen))) UTC; \(device.deliveredWhileSilent) delivered while silent</title></rect>\n"
        let note = device.deliveredWhileSilent > 0 ? "silent · \(device.deliveredWhileSilent) delivered meanwhile" : "silent"
        if x1 - ls > Double(note.count) * 6.2 + 12 {
            s += "<text class=\"silent-label\" x=\"\(Self.fmt((ls + x1) / 2))\" y=\"\(Self.fmt(Self.activityY + 4))\" text-anchor=\"middle\">\(HTML.text(note))</text>\n"
        }
        return s
    }

    /// Shaded spans, one per ban; in force: open-ended to the window end.
    func banSpans() -> String {
        var s = ""
        for b in device.bans {
            guard let bx = x(b.start) else { continue }
            let inForce = b.end == nil
            let ex = x(b.end) ?? (Self.width - Self.right)
            let w = max(2, ex - bx)
            let state = inForce ? "in force" : "until \(ReportFormat.short(b.end)) (\(b.endReason ?? "ended"))"
            let tip = "ban [\(b.jail)] \(ReportFormat.short(b.start)) UTC, \(state)\(b.restored ? ", restored after a restart" : "")"
            s += "<rect class=\"ban\(inForce ? " in-force" : "")\" x=\"\(Self.fmt(bx))\" y=\"6\" width=\"\(Self.fmt(w))\" height=\"\(Self.fmt(Self.axisY - 6))\"><title>\(HTML.text(tip))</title></rect>\n"
            s += "<line class=\"ban-edge\" x1=\"\(Self.fmt(bx))\" y1=\"6\" x2=\"\(Self.fmt(bx))\" y2=\"\(Self.fmt(Self.axisY))\"/>\n"
            if !inForce {
                s += "<line class=\"ban-edge\" x1=\"\(Self.fmt(bx + w))\" y1=\"6\" x2=\"\(Self.fmt(bx + w))\" y2=\"\(Self.fmt(Self.axisY))\"/>\n"
            }
            let text = "ban [\(b.jail)]" + (inForce ? " in force →" : "")
            // Label inside the span when it fits, else just before it.
            let fits = w > Double(text.count) * 6.2 + 8
            let lx = fits ? bx + 4 : bx - 4
            s += "<text class=\"ban-label\" x=\"\(Self.fmt(lx))\" y=\"\(Self.fmt(Self.axisY - 6))\"\(fits ? "" : " text-anchor=\"end\"")>\(HTML.text(text))</text>\n"
        }
        return s
    }

    /// Time axis with ticks at round UTC times.
    func axis() -> String {
        let x0 = Self.left, x1 = Self.width - Self.right
        var s = "<line class=\"axis\" x1=\"\(Self.fmt(x0))\" y1=\"\(Self.fmt(Self.axisY))\" x2=\"\(Self.fmt(x1))\" y2=\"\(Self.fmt(Self.axisY))\"/>\n"
        let span = (end - start) / 1_000_000
        let steps: [Int64] = [60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800, 2_592_000]
        let step = steps.first { span / $0 <= 8 } ?? Int64(2_592_000) * ((span / 2_592_000) / 8 + 1)
        let first = ((start / 1_000_000) / step + 1) * step
        var t = first
        while t * 1_000_000 <= end {
            let tx = x(t * 1_000_000)
            let iso = CivilTime.rfc3339(micros: t * 1_000_000)
            let label: String
            if step >= 86400 { label = String(iso.dropFirst(5).prefix(5)) }
            else if span > 86400 { label = String(iso.dropFirst(5).prefix(5)) + " " + String(iso.dropFirst(11).prefix(5)) }
            else { label = String(iso.dropFirst(11).prefix(5)) }
            s += "<line class=\"tick\" x1=\"\(Self.fmt(tx))\" y1=\"\(Self.fmt(Self.axisY))\" x2=\"\(Self.fmt(tx))\" y2=\"\(Self.fmt(Self.axisY + 4))\"/>\n"
            s += "<text class=\"tick-label\" x=\"\(Self.fmt(tx))\" y=\"\(Self.fmt(Self.axisY + 16))\" text-anchor=\"middle\">\(label)</text>\n"
            t += step
        }
        s += "<text class=\"tick-label\" x=\"\(Self.fmt(x0 - 8))\" y=\"\(Self.fmt(Self.axisY + 16))\" text-anchor=\"end\">UTC</text>\n"
        s += "<text class=\"edge-label\" x=\"\(Self.fmt(x0))\" y=\"\(Self.fmt(Self.axisY + 30))\">\(HTML.text(ReportFormat.short(CivilTime.rfc3339(micros: start))))</text>\n"
        s += "<text class=\"edge-label\" x=\"\(Self.fmt(x1))\" y=\"\(Self.fmt(Self.axisY + 30))\" text-anchor=\"end\">\(HTML.text(ReportFormat.short(CivilTime.rfc3339(micros: end)))) (window end)</text>\n"
        return s
    }

    /// One mark per timeline entry (and per failure behind a ban the timeline left out).
    func marks() -> String {
        var s = ""
        var seen = Set<String>()
        var failures: [(String, String, String)] = []  // time, tooltip, class
        for t in device.timeline {
            seen.insert("\(t.file):\(t.line)")
            guard let tx = x(t.time) else { continue }
            let tip = "\(ReportFormat.short(t.time)) \(t.event)" + (t.detail.map { " — \($0)" } ?? "") + " (\(t.file):\(t.line))"
            let title = "<title>\(HTML.text(tip))</title>"
            let ay = Self.activityY, fy = Self.failureY
            switch t.event {
            case "login":
                s += "<rect class=\"m-login\" x=\"\(Self.fmt(tx - 1.5))\" y=\"\(Self.fmt(ay - 8))\" width=\"3\" height=\"16\">\(title)</rect>\n"
            case "logout":
                s += "<rect class=\"m-logout\" x=\"\(Self.fmt(tx - 1))\" y=\"\(Self.fmt(ay - 5))\" width=\"2\" height=\"10\">\(title)</rect>\n"
            case "submission":
                s += "<circle class=\"m-submission\" cx=\"\(Self.fmt(tx))\" cy=\"\(Self.fmt(ay))\" r=\"4\">\(title)</circle>\n"
            case "auth-failure":
                failures.append((t.time, tip, "m-failure"))
            case "session-crash", "server-fault":
                s += "<path class=\"m-fault\" d=\"M\(Self.fmt(tx)) \(Self.fmt(fy - 8))l5 8l-5 8l-5-8z\">\(title)</path>\n"
            case "ban", "restore-ban", "reban", "unban", "found", "repeal-ban", "flush", "already-banned", "increase-ban":
                continue  // drawn as ban spans
            default:
                s += "<rect class=\"m-other\" x=\"\(Self.fmt(tx - 1))\" y=\"\(Self.fmt(ay - 4))\" width=\"2\" height=\"8\">\(title)</rect>\n"
            }
        }
        for b in device.bans {
            for f in b.failures where !seen.contains("\(f.file):\(f.line)") {
                seen.insert("\(f.file):\(f.line)")
                failures.append((f.time, "\(ReportFormat.short(f.time)) auth-failure \(f.service ?? "") (\(f.file):\(f.line))", "m-failure"))
            }
        }
        // How many, where they cluster: a label beside the ticks, which may sit within a pixel.
        let xs = failures.compactMap { x($0.0) }
        if let lo = xs.min(), let hi = xs.max() {
            let label = "\(xs.count) auth failure\(xs.count == 1 ? "" : "s")"
            let room = Double(label.count) * 6 + 10
            let before = lo - Self.left > room
            s += "<text class=\"failure-label\" x=\"\(Self.fmt(before ? lo - 6 : hi + 6))\" y=\"\(Self.fmt(Self.failureY + 4))\"\(before ? " text-anchor=\"end\"" : "")>\(label)</text>\n"
        }
        for (time, tip, cls) in failures {
            guard let tx = x(time) else { continue }
            s += "<line class=\"\(cls)\" x1=\"\(Self.fmt(tx))\" y1=\"\(Self.fmt(Self.failureY - 9))\" x2=\"\(Self.fmt(tx))\" y2=\"\(Self.fmt(Self.failureY + 9))\"><title>\(HTML.text(tip))</title></line>\n"
        }
        return s
    }

    /// Dashed line at lastSeen.
    func lastSeenLine() -> String {
        guard let lx = x(device.lastSeen) else { return "" }
        let nearEnd = lx > Self.width - Self.right - 90
        return "<line class=\"last-seen\" x1=\"\(Self.fmt(lx))\" y1=\"4\" x2=\"\(Self.fmt(lx))\" y2=\"\(Self.fmt(Self.axisY))\"/>\n"
            + "<text class=\"last-seen-label\" x=\"\(Self.fmt(nearEnd ? lx - 4 : lx + 4))\" y=\"10\"\(nearEnd ? " text-anchor=\"end\"" : "")>last seen \(HTML.text(String(ReportFormat.short(device.lastSeen).suffix(8))))</text>\n"
    }

    /// A coordinate with one decimal, the same on every machine.
    static func fmt(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }
}

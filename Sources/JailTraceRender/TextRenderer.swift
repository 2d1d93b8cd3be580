public import JailTrace

/// The terminal view of an explanation: per device a verdict line, the summary, bans and a
/// timeline with evidence `file:line`. Colour only when asked (a TTY without NO_COLOR); log
/// content is always made inert with `Escape.terminal`.
public struct TextRenderer {
    let color: Bool
    let width: Int

    public init(color: Bool, width: Int = 100) {
        self.color = color
        self.width = max(60, width)
    }

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func verdictColor(_ v: String) -> String {
        switch v {
        case "active": return "32"
        case "banned": return "1;31"
        case "auth-failing": return "33"
        case "server-fault": return "35"
        case "moved": return "36"
        default: return "1"
        }
    }

    public func render(_ r: ExplainReport, to sink: OutputSink) {
        sink.write("jailtrace: \(ReportFormat.holding(r)); window \(short(r.window.start)) → \(short(r.window.end)) UTC; log times without offset read in \(Escape.terminal(r.timezone))\n")
        if r.devices.isEmpty { sink.write("\n" + Escape.terminal(ReportFormat.nothing(r)) + "\n") }
        for d in r.devices {
            sink.write("\n")
            let users = d.users.map(Escape.terminal).joined(separator: ", ")
            sink.write(paint(d.ip, "1") + (users.isEmpty ? "" : "  " + users) + "  " + paint(d.verdict.uppercased(), verdictColor(d.verdict)) + "\n")
            for line in wrap(Escape.terminal(d.summary), indent: "  ") { sink.write(line + "\n") }
            sink.write("  last seen: \(d.lastSeen.map { short($0) + " UTC" } ?? "never")")
            if d.deliveredWhileSilent > 0 { sink.write("   delivered while silent: \(d.deliveredWhileSilent)") }
            sink.write("\n")
            // The count's evidence: every delivery listed when there are few, else the first
            // and the last listed with the number between.
            let listed = d.deliveries.count <= 3 ? d.deliveries : [d.deliveries.first!, d.deliveries.last!]
            for (k, r) in listed.enumerated() {
                if k == 1 && d.deliveries.count > 3 { sink.write("      … \(d.deliveries.count - 2) more\(d.deliveriesOmitted > 0 ? " listed" : "") …\n") }
                sink.write("      delivery \(short(r.time)) \(Escape.terminal(r.recipient ?? ""))  \(Escape.terminal(r.file)):\(r.line)\n")
            }
            if d.deliveriesOmitted > 0 { sink.write("      … \(d.deliveriesOmitted) later deliveries not listed\n") }
            for b in d.bans {
                let end = b.end.map { "\(short($0)) (\(b.endReason ?? "ended"))" } ?? paint("in force", "31")
                sink.write("  ban [\(Escape.terminal(b.jail))] \(short(b.start)) → \(end)\(b.restored ? ", restored after restart" : "")  \(Escape.terminal(b.file)):\(b.line)\n")
                for f in b.failures {
                    sink.write("      failure \(short(f.time)) \(Escape.terminal(f.service ?? ""))  \(Escape.terminal(f.file)):\(f.line)\n")
                }
            }
            if !d.timeline.isEmpty {
                sink.write("  timeline\(d.timelineOmitted > 0 ? " (\(d.timelineOmitted) routine entries left out)" : ""):\n")
                for t in d.timeline {
                    let detail = Escape.terminalCut(t.detail ?? "", columns: 70)
                    sink.write("    \(short(t.time))  \(t.event.padding(14))\(detail)  " + paint("\(Escape.terminal(t.file)):\(t.line)", "2") + "\n")
                }
            }
        }
        for input in r.inputs where !input.warnings.isEmpty {
            for w in input.warnings { sink.write(paint("warning: ", "33") + Escape.terminal(w) + "\n") }
        }
    }

    /// `2026-06-05 14:04:22` from RFC 3339 UTC (fractions dropped for alignment).
    func short(_ t: String?) -> String {
        guard let t, t.count >= 19 else { return t ?? "?" }
        return String(t.prefix(10)) + " " + String(t.dropFirst(11).prefix(8))
    }

    func wrap(_ text: String, indent: String) -> [String] {
        var lines: [String] = []
        var current = indent
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width && current.count > indent.count {
                lines.append(current)
                current = indent
            }
            current += (current.count > indent.count ? " " : "") + word
        }
        if current.count > indent.count { lines.append(current) }
        return lines
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}

public import JailTrace

/// The batch report on a terminal: inputs, devices, what the silent ones need, self-bans, jails
/// and top offenders, as tables that fit `width`. Log-derived text goes through
/// `Escape.terminal`; the verdict is coloured only when `color` is on.
extension TextRenderer {
    public func render(_ r: BatchReport, to sink: OutputSink) {
        typealias Col = TextTable.Column
        typealias Cell = TextTable.Cell
        let t = Escape.terminal
        let short = ReportFormat.short
        func emit(_ table: TextTable) {
            for line in table.lines(width: width, paint: paint) { sink.write(line + "\n") }
        }
        func heading(_ s: String) { sink.write("\n" + paint(s, "1") + "\n") }

        sink.write("jailtrace report: window \(short(r.window.start)) → \(short(r.window.end)) UTC; log times without offset read in \(t(r.timezone))\n")
        let verdicts = ReportFormat.verdictCounts(r.devices).map { "\($0.count) \($0.verdict)" }.joined(separator: ", ")
        // The run's warnings include the inputs' own; older models carried only the latter.
        let allWarnings = r.warnings.isEmpty ? r.inputs.flatMap(\.warnings) : r.warnings
        sink.write(ReportFormat.count(r.devices.count, "device") + (verdicts.isEmpty ? "" : " (\(verdicts))")
                   + "; " + ReportFormat.count(r.selfBans.count, "self-ban") + "; " + ReportFormat.count(r.jails.count, "jail")
                   + "; " + ReportFormat.count(r.inputs.count, "input") + "; " + ReportFormat.count(allWarnings.count, "warning") + "\n")

        heading("Inputs")
        let dir = ReportFormat.commonDirectory(r.inputs.map(\.path))
        if !dir.isEmpty { sink.write("  under \(t(dir))\n") }
        var inputs = TextTable([
            Col(header: "path", minWidth: 16, cutMiddle: true), Col(header: "kind"),
            Col(header: "lines", right: true), Col(header: "events", right: true, dropOrder: 3),
            Col(header: "ignored", right: true, dropOrder: 4), Col(header: "unrecognized", right: true),
            Col(header: "warnings", right: true, dropOrder: 2), Col(header: "first → last (UTC)", dropOrder: 5),
        ])
        let year = r.window.start.map { String($0.prefix(4)) }
        for i in r.inputs {
            let kind = t(i.kind) + (i.compression == "none" || i.compression.isEmpty ? "" : " (\(t(i.compression)))")
            inputs.add([Cell(t(String(i.path.dropFirst(dir.count)))), Cell(kind), Cell("\(i.lines)"), Cell("\(i.events)"),
                        Cell("\(i.ignored)"), Cell("\(i.unrecognized)", color: i.unrecognized > 0 ? "33" : nil),
                        Cell("\(i.warnings.count)", color: i.warnings.isEmpty ? nil : "33"),
                        Cell(Self.span(i.first, i.last, year: year))])
        }
        emit(inputs)
        // What was read once though given twice (overlapping rotations, earlier copies), files
        // written with CR alone: explains an input's counts.
        for note in r.inputs.flatMap(\.notes) { sink.write("  note: " + t(note) + "\n") }

        heading("Devices")
        if r.devices.isEmpty {
            sink.write("  No device (no address with a successful login or authenticated submission) in the window.\n")
        } else {
            var devices = TextTable([
                Col(header: "ip", minWidth: 15, cutMiddle: true), Col(header: "users", minWidth: 12, dropOrder: 1), Col(header: "verdict"),
                Col(header: "last seen"), Col(header: "silent deliveries", right: true, dropOrder: 2),
                Col(header: "in force", right: true, dropOrder: 3),
            ])
            for d in r.devices {
                devices.add([Cell(t(d.ip)), Cell(d.users.map(t).joined(separator: ", ")),
                             Cell(t(d.verdict), color: verdictColor(d.verdict)),
                             Cell(d.lastSeen.map(short) ?? "never"), Cell("\(d.deliveredWhileSilent)"),
                             Cell("\(ReportFormat.bansInForce(d))")])
            }
            emit(devices)
        }

        let silent = r.devices.filter { $0.verdict != "active" }
        if !silent.isEmpty {
            heading("Why they went silent")
            for (n, d) in silent.enumerated() {
                if n > 0 { sink.write("\n") }
                sink.write("  " + paint(t(d.ip), "1") + "  " + paint(t(d.verdict).uppercased(), verdictColor(d.verdict)) + "\n")
                for line in wrap(t(d.summary), indent: "    ") { sink.write(line + "\n") }
            }
        }

        heading("Self-bans (longest lock-out first)")
        if r.selfBans.isEmpty {
            sink.write("  None: no ban hit an address that had logged in before it within the window.\n")
        } else {
            var bans = TextTable([
                // The users are who is locked out: shrunk (cut) first, left out last; the rank,
                // verdict, end and start give way before them.
                Col(header: "#", right: true, dropOrder: 5), Col(header: "ip", minWidth: 15, cutMiddle: true),
                Col(header: "users", minWidth: 12, dropOrder: 1), Col(header: "jail", minWidth: 8), Col(header: "since", dropOrder: 2),
                Col(header: "until", dropOrder: 3),
                Col(header: "locked out", right: true), Col(header: "verdict", dropOrder: 4),
            ])
            for (n, b) in r.selfBans.enumerated() {
                // The end's time only when it is the start's day; how it ended when there is room.
                let until = b.end.map { e in
                    let s = short(e)
                    return (s.prefix(10) == short(b.start).prefix(10) ? String(s.dropFirst(11)) : s) + (b.endReason.map { " (\(t($0)))" } ?? "")
                }
                bans.add([Cell("\(n + 1)"), Cell(t(b.ip)), Cell(b.users.map(t).joined(separator: ", ")), Cell(t(b.jail)),
                          Cell(short(b.start)), until.map { Cell($0) } ?? Cell("in force", color: "31"),
                          Cell(ReportFormat.duration(b.lockedOutSeconds)), Cell(t(b.verdict), color: verdictColor(b.verdict))])
            }
            emit(bans)
        }

        heading("Jails")
        if r.jails.isEmpty {
            sink.write("  No ban in the window.\n")
        } else {
            var jails = TextTable([
                Col(header: "jail"), Col(header: "bans", right: true), Col(header: "addresses", right: true),
                Col(header: "in force", right: true), Col(header: "median ban", right: true, dropOrder: 1),
                Col(header: "maxretry", right: true, dropOrder: 2), Col(header: "findtime", right: true, dropOrder: 3),
                Col(header: "bantime", right: true, dropOrder: 4),
                Col(header: "most banned", minWidth: 15, dropOrder: 5),
            ])
            for j in r.jails {
                let top = j.topOffenders.prefix(3).map { "\(t($0.ip))×\($0.bans)" }.joined(separator: " ")
                jails.add([Cell(t(j.jail)), Cell("\(j.bans)"), Cell("\(j.uniqueAddresses)"),
                           Cell("\(j.currentlyBanned)", color: j.currentlyBanned > 0 ? "31" : nil),
                           Cell(j.medianBanSeconds.map(ReportFormat.duration) ?? "–"), Cell(j.maxRetry.map(String.init) ?? "?"),
                           Cell(j.findTimeSeconds.map(ReportFormat.duration) ?? "?"),
                           Cell(j.banTimeSeconds.map { $0 < 0 ? "forever" : ReportFormat.duration($0) } ?? "?"), Cell(top)])
            }
            emit(jails)
        }

        heading("Top offenders")
        if r.topOffenders.isEmpty {
            sink.write("  None.\n")
        } else {
            let deviceIPs = Set(r.devices.map(\.ip))
            var top = TextTable([
                Col(header: "ip", minWidth: 15, cutMiddle: true), Col(header: "bans", right: true),
                Col(header: "auth failures", right: true), Col(header: "device?"),
            ])
            for o in r.topOffenders {
                top.add([Cell(t(o.ip)), Cell("\(o.bans)"), Cell("\(o.authFailures)"), Cell(deviceIPs.contains(o.ip) ? "yes" : "")])
            }
            emit(top)
        }

        if !allWarnings.isEmpty {
            heading("Warnings")
            for w in allWarnings { sink.write("  " + paint("warning: ", "33") + t(w) + "\n") }
        }
    }

    /// `06-05 06:25:11 → 14:04:22`: the year left out when it is the window's, the second date
    /// when it is the first's.
    static func span(_ first: String?, _ last: String?, year: String?) -> String {
        guard let first, let last else { return "–" }
        let a = ReportFormat.short(first), b = ReportFormat.short(last)
        let sameYear = year != nil && a.hasPrefix(year!) && b.hasPrefix(year!)
        let left = sameYear ? String(a.dropFirst(5)) : a
        let right = a.prefix(10) == b.prefix(10) ? String(b.dropFirst(11)) : (sameYear ? String(b.dropFirst(5)) : b)
        return left + " → " + right
    }
}

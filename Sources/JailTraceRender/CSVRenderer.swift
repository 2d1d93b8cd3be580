public import JailTrace

/// `report --format csv`: the device table, one row per device (ip, users, verdict, lastSeen,
/// deliveredWhileSilent, bansInForce, summary). Every cell goes through `Escape.csv`, which
/// neutralises cells a spreadsheet would run as a formula.
public enum CSVRenderer {
    public static let header = "ip,users,verdict,lastSeen,deliveredWhileSilent,bansInForce,summary"

    public static func render(_ r: BatchReport, to sink: OutputSink) {
        sink.write(header + "\n")
        for d in r.devices {
            let cells = [d.ip, d.users.joined(separator: " "), d.verdict, d.lastSeen ?? "", String(d.deliveredWhileSilent),
                         String(ReportFormat.bansInForce(d)), d.summary]
            sink.write(cells.map(Escape.csv).joined(separator: ",") + "\n")
        }
    }
}

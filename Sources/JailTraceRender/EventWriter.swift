public import JailTrace

/// Writes events as JSON lines or CSV (SPEC §4: time, event, ip, user, service, jail, detail,
/// file, line; absent fields omitted in JSON, empty in CSV).
public struct EventWriter {
    public enum Format: String, Sendable { case jsonl, csv }
    let format: Format
    let paths: [String]

    /// A writer naming files by `paths` (indexed by `Event.file`).
    public init(format: Format, paths: [String]) {
        self.format = format
        self.paths = paths
    }

    public func header(to sink: OutputSink) {
        if format == .csv { sink.write("time,event,ip,user,service,jail,detail,file,line\n") }
    }

    public func write(_ e: Event, to sink: OutputSink) {
        let time = CivilTime.rfc3339(micros: e.time)
        let file = paths[Int(e.file)]
        switch format {
        case .jsonl:
            var s = "{\"time\":\"\(time)\",\"event\":\"\(e.kind.name)\""
            if let ip = e.ip { s += ",\"ip\":\"\(ip)\"" }
            if let u = e.user { s += ",\"user\":" + Escape.json(u) }
            if let v = e.service { s += ",\"service\":" + Escape.json(v) }
            if let v = e.jail { s += ",\"jail\":" + Escape.json(v) }
            if let v = e.detail { s += ",\"detail\":" + Escape.json(v) }
            s += ",\"file\":" + Escape.json(file) + ",\"line\":\(e.line)}\n"
            sink.write(s)
        case .csv:
            let cells = [time, e.kind.name, e.ip?.description ?? "", e.user ?? "", e.service ?? "", e.jail ?? "",
                         e.detail ?? "", file, String(e.line)]
            sink.write(cells.map(Escape.csv).joined(separator: ",") + "\n")
        }
    }
}

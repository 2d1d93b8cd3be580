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
        let file = paths[Int(e.file)]
        switch format {
        case .jsonl:
            // Bytes straight into the sink: no String per event.
            sink.raw("{\"time\":\"")
            sink.rfc3339(e.time)
            sink.raw("\",\"event\":")
            sink.jsonString(e.kind.name)
            if let ip = e.ip { sink.raw(",\"ip\":"); sink.jsonString(ip.description) }
            if let u = e.user { sink.raw(",\"user\":"); sink.jsonString(u) }
            if let v = e.service { sink.raw(",\"service\":"); sink.jsonString(v) }
            if let v = e.jail { sink.raw(",\"jail\":"); sink.jsonString(v) }
            if let v = e.detail { sink.raw(",\"detail\":"); sink.jsonString(v) }
            if e.suspicious { sink.raw(",\"suspicious\":true") }
            sink.raw(",\"file\":"); sink.jsonString(file)
            sink.raw(",\"line\":"); sink.int(Int64(e.line)); sink.raw("}\n")
        case .csv:
            let cells = [CivilTime.rfc3339(micros: e.time), e.kind.name, e.ip?.description ?? "", e.user ?? "", e.service ?? "", e.jail ?? "",
                         e.detail ?? "", file, String(e.line)]
            sink.write(cells.map(Escape.csv).joined(separator: ",") + "\n")
        }
    }
}

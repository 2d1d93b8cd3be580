import Dispatch
import Foundation
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

    /// Writes the events of `events` that `accepts` lets through, in order: the same bytes as
    /// one `write` per event. Formatting is the slow part (times, addresses, escaping), so a
    /// batch at a time is formatted by several threads, each its own slice into its own
    /// buffer, and the buffers are written out in order (memory: one batch of text).
    public func writeAll(_ events: EventStore, where accepts: @escaping @Sendable (Event) -> Bool, to sink: OutputSink) {
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let perThread = 1 << 14
        let slices = SliceWriter(writer: self, events: events, accepts: accepts,
                                 parts: (0..<threads).map { _ in OutputSink() })
        var start = 0
        while start < events.count {
            let first = start, end = min(events.count, start + perThread * threads)
            let each = (end - first + threads - 1) / threads
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                slices.run(t, first + t * each, min(end, first + (t + 1) * each))
            }
            for part in slices.parts { part.drain(into: sink) }
            start = end
        }
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

/// One batch slice per thread: thread `t` formats its events into `parts[t]` only; the parts
/// are read after the threads have joined.
private struct SliceWriter: @unchecked Sendable {
    // SAFETY: see above; the events and the writer are only read.
    let writer: EventWriter
    let events: EventStore
    let accepts: @Sendable (Event) -> Bool
    let parts: [OutputSink]

    func run(_ t: Int, _ lo: Int, _ hi: Int) {
        guard lo < hi else { return }
        let sink = parts[t]
        for i in lo..<hi {
            let e = events[i]
            if accepts(e) { writer.write(e, to: sink) }
        }
    }
}
